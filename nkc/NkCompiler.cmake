# SPDX-License-Identifier: GPL-2.0-or-later
# NkCompiler.cmake - generate C transport code with nkc from CMake.
#
#   list(APPEND CMAKE_MODULE_PATH /usr/local/share/nkc)
#   include(NkCompiler)
#   add_nk_idl(filesystem_idl idl/Filesystem.idl)
#   add_nk_cdl(operations_cdl idl/Operations.cdl)
#   add_nk_edl(server_edl idl/Server.edl)
#   add_executable(server server.c)
#   add_dependencies(server filesystem_idl operations_cdl server_edl)
#   target_include_directories(server PRIVATE ${NK_GENERATED_DIR})
#
# add_nk_idl(NAME FILE [ROOT dir] [OUTPUT_DIR dir] [INCLUDE_DIRS dir...]
#            [NK_FLAGS flag...] [DEPENDS target-or-file...] [NK_MODULE m] [LANG C|CXX])
# (add_nk_cdl and add_nk_edl take the same arguments.)
#   NAME          a custom target that generates the header
#   FILE          the description; its package must match its path below ROOT
#   ROOT          root of the description tree (default: FILE's directory)
#   OUTPUT_DIR    where headers go (default: ${NK_GENERATED_DIR})
#   INCLUDE_DIRS  more directories searched for imported packages
#   NK_FLAGS      more nkc options
#   LANG          C (default): FILE.h; CXX: also the C++ transport of
#                 the KOS documentation (nkc --cpp, nkppmeta), FILE.cpp.h, for kosipc
#   NK_MODULE     accepted for KOS SDK compatibility
# The target's NK_HEADER property holds the generated header (the .cpp.h
# for LANG CXX, whose C header is NK_C_HEADER); it is
# regenerated when FILE or anything it imports changes (nkc -M).

if(NOT NKC_EXECUTABLE)
  find_program(NKC_EXECUTABLE nkc REQUIRED)
endif()
if(NOT NK_GENERATED_DIR)
  set(NK_GENERATED_DIR "${CMAKE_BINARY_DIR}/nk-gen")
endif()

function(_nk_generate NAME FILE EXT)
  cmake_parse_arguments(ARG "" "ROOT;OUTPUT_DIR;NK_MODULE;LANG;WORKING_DIRECTORY"
                        "INCLUDE_DIRS;NK_FLAGS;DEPENDS" ${ARGN})
  set(cpp_flag)
  if(ARG_LANG STREQUAL "CXX" OR ARG_LANG STREQUAL "C++" OR ARG_LANG STREQUAL "cxx")
    set(cpp_flag --cpp)
  elseif(ARG_LANG AND NOT ARG_LANG STREQUAL "C")
    message(FATAL_ERROR "add_nk_${EXT}(${NAME}): LANG must be C or CXX (not ${ARG_LANG})")
  endif()
  get_filename_component(file "${FILE}" ABSOLUTE)
  if(NOT file MATCHES "\\.${EXT}$")
    message(FATAL_ERROR "add_nk_${EXT}(${NAME}): ${FILE} is not a .${EXT} file")
  endif()
  if(ARG_ROOT)
    get_filename_component(root "${ARG_ROOT}" ABSOLUTE)
  else()
    get_filename_component(root "${file}" DIRECTORY)
  endif()
  if(ARG_OUTPUT_DIR)
    set(out "${ARG_OUTPUT_DIR}")
  else()
    set(out "${NK_GENERATED_DIR}")
  endif()
  file(RELATIVE_PATH rel "${root}" "${file}")
  set(header "${out}/${rel}.h")
  set(outputs "${header}")
  if(cpp_flag)
    list(APPEND outputs "${out}/${rel}.cpp.h")
  endif()
  set(incs -I "${root}")
  foreach(dir IN LISTS ARG_INCLUDE_DIRS)
    get_filename_component(dir "${dir}" ABSOLUTE)
    list(APPEND incs -I "${dir}")
  endforeach()
  set(depfile_args)
  if(CMAKE_VERSION VERSION_GREATER_EQUAL 3.20)
    set(depfile_args DEPFILE "${header}.d")
  endif()
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND "${NKC_EXECUTABLE}" ${cpp_flag} ${ARG_NK_FLAGS} ${incs} -o "${out}" -M "${header}.d" "${file}"
    # a new nkc regenerates: the tables it emits change with it
    DEPENDS "${file}" "${NKC_EXECUTABLE}" ${ARG_DEPENDS}
    ${depfile_args}
    COMMENT "nkc ${rel}"
    VERBATIM)
  add_custom_target(${NAME} DEPENDS ${outputs})
  list(GET outputs -1 main)
  set_target_properties(${NAME} PROPERTIES NK_HEADER "${main}" NK_C_HEADER "${header}"
                        NK_OUTPUT_DIR "${out}")
endfunction()

function(add_nk_idl NAME FILE)
  _nk_generate(${NAME} "${FILE}" idl ${ARGN})
endfunction()

function(add_nk_cdl NAME FILE)
  _nk_generate(${NAME} "${FILE}" cdl ${ARGN})
endfunction()

function(add_nk_edl NAME FILE)
  _nk_generate(${NAME} "${FILE}" edl ${ARGN})
endfunction()
