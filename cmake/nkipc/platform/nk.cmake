# SPDX-License-Identifier: GPL-2.0-or-later
# include(platform/nk): the KOS SDK's NK compiler functions, on nkc
# (nkc/NkCompiler.cmake).
#
#   nk_build_idl_files(NAME NK_MODULE m IDL file...)
#   nk_build_cdl_files(NAME [IDL_TARGET t...] NK_MODULE m CDL file...)
#   nk_build_edl_files(NAME [IDL_TARGET t...] [CDL_TARGET t...] NK_MODULE m EDL file...)
#
# Each description (package m.File, in any source directory) is copied to
# ${CMAKE_BINARY_DIR}/_headers_/<m with dots as />/ and compiled there, so
# its header is _headers_/m/File.idl.h (.cdl.h, .edl.h) and programs
# #include <m/File.idl.h>; _headers_ is on the include path of everything
# after include(platform/nk), and on nkc's import path (-I), so the
# packages named by endpoints {} and components {} are found.  NAME is a
# custom target: add_dependencies(Program NAME).  For every EDL, nkc
# --describe also writes _headers_/m.File.json, the description
# `use EDL m.File` of a policy reads (nkpolicy -I _headers_); the images
# of platform/image put them into the bundle.  NK_FLAGS passes options to
# nkc, LANG C (default) or CXX (also File.idl.cpp.h etc.: nkc --cpp, the
# C++ transport for kosipc), DEPENDS adds
# dependencies.
include_guard(GLOBAL)
include("${CMAKE_CURRENT_LIST_DIR}/../nkipc-setup.cmake")
if(NKIPC_SOURCE_DIR)
  include("${NKIPC_SOURCE_DIR}/nkc/NkCompiler.cmake")
else()
  include("${NKIPC_CMAKE_DIR}/../../nkc/NkCompiler.cmake")
endif()

set(NK_HEADERS_DIR "${CMAKE_BINARY_DIR}/_headers_")
file(MAKE_DIRECTORY "${NK_HEADERS_DIR}")
include_directories(BEFORE "${NK_HEADERS_DIR}")

function(_nkipc_build EXT NAME)
  string(TOUPPER "${EXT}" KIND)
  cmake_parse_arguments(PARSE_ARGV 2 ARG "" "NK_MODULE;LANG"
                        "${KIND};IDL_TARGET;CDL_TARGET;NK_FLAGS;DEPENDS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "nk_build_${EXT}_files(${NAME}): unknown arguments ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_NK_MODULE)
    message(FATAL_ERROR "nk_build_${EXT}_files(${NAME}): NK_MODULE is required")
  endif()
  if(NOT ARG_${KIND})
    message(FATAL_ERROR "nk_build_${EXT}_files(${NAME}): no ${KIND} files")
  endif()
  string(REPLACE "." "/" moddir "${ARG_NK_MODULE}")
  set(parts)
  set(i 0)
  foreach(src IN LISTS ARG_${KIND})
    get_filename_component(src "${src}" ABSOLUTE)
    get_filename_component(base "${src}" NAME)
    get_filename_component(stem "${src}" NAME_WE)
    set(copy "${NK_HEADERS_DIR}/${moddir}/${base}")
    add_custom_command(OUTPUT "${copy}"
      COMMAND ${CMAKE_COMMAND} -E make_directory "${NK_HEADERS_DIR}/${moddir}"
      COMMAND ${CMAKE_COMMAND} -E copy_if_different "${src}" "${copy}"
      DEPENDS "${src}"
      COMMENT "${ARG_NK_MODULE}: ${base}"
      VERBATIM)
    set(part "${NAME}__${i}")
    set(lang)
    if(ARG_LANG)
      set(lang LANG ${ARG_LANG})
    endif()
    _nk_generate(${part} "${copy}" ${EXT} ROOT "${NK_HEADERS_DIR}" ${lang}
                 OUTPUT_DIR "${NK_HEADERS_DIR}" INCLUDE_DIRS "${NK_HEADERS_DIR}"
                 NK_FLAGS ${ARG_NK_FLAGS} DEPENDS "${copy}" ${ARG_DEPENDS})
    foreach(t IN LISTS ARG_IDL_TARGET ARG_CDL_TARGET)
      add_dependencies(${part} ${t})
    endforeach()
    list(APPEND parts ${part})
    if(EXT STREQUAL "edl")
      set(json "${NK_HEADERS_DIR}/${ARG_NK_MODULE}.${stem}.json")
      add_custom_command(OUTPUT "${json}"
        COMMAND "${NKIPC_NKC}" -I "${NK_HEADERS_DIR}" "--describe=${json}" "${copy}"
        DEPENDS "${copy}" "${NK_HEADERS_DIR}/${moddir}/${base}.h"
        COMMENT "nkc --describe ${ARG_NK_MODULE}.${stem}"
        VERBATIM)
      add_custom_target(${part}_describe DEPENDS "${json}")
      add_dependencies(${part}_describe ${part})
      list(APPEND parts ${part}_describe)
      set_property(GLOBAL APPEND PROPERTY NKIPC_DESCRIPTIONS "${json}")
      set_property(GLOBAL APPEND PROPERTY NKIPC_DESCRIPTION_TARGETS ${part}_describe)
    endif()
    math(EXPR i "${i} + 1")
  endforeach()
  add_custom_target(${NAME})
  add_dependencies(${NAME} ${parts})
endfunction()

function(nk_build_idl_files NAME)
  _nkipc_build(idl ${NAME} ${ARGN})
endfunction()

function(nk_build_cdl_files NAME)
  _nkipc_build(cdl ${NAME} ${ARGN})
endfunction()

function(nk_build_edl_files NAME)
  _nkipc_build(edl ${NAME} ${ARGN})
endfunction()
