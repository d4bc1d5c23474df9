# SPDX-License-Identifier: GPL-2.0-or-later
# include(platform): initialize_platform() and project_header_default(),
# as the KOS SDK's platform module.
include_guard(GLOBAL)
include("${CMAKE_CURRENT_LIST_DIR}/nkipc-setup.cmake")

# initialize_platform([FORCE_STATIC]...): every target of this directory
# and below compiles against libnkos's KOS headers (coresrv/..., nk/...,
# rtl/...) and links libnkos, as KOS programs link the KOS runtime.
macro(initialize_platform)
  include_directories(SYSTEM ${NKIPC_INCLUDE_DIRS})
  find_package(Threads REQUIRED)
  # kosipc (C++ programs; a static archive: C programs take nothing of it)
  if(NKIPC_LIBKOSIPC)
    link_libraries("${NKIPC_LIBKOSIPC}")
  endif()
  link_libraries("${NKIPC_LIBNKOS}" Threads::Threads)
  set(CMAKE_C_COMPILER_LAUNCHER "${NKIPC_CC}")
  set(CMAKE_CXX_COMPILER_LAUNCHER "${NKIPC_CC}")
  # the flags reach the link line too (CMake >= 3.21)
  set(CMAKE_C_LINKER_LAUNCHER "${NKIPC_CC}")
  set(CMAKE_CXX_LINKER_LAUNCHER "${NKIPC_CC}")
  set(CMAKE_SYSTEM_BOARD "nkipc" CACHE STRING "")
endmacro()

# project_header_default("STANDARD_GNU_11:YES" "STRICT_WARNINGS:NO" ...):
# STANDARD_<C|GNU>_<NN> and STANDARD_CXX_<NN>/STANDARD_GNUXX_<NN> set the
# language standard; STRICT_WARNINGS:YES adds -Wall -Wextra -Werror,
# EXTRA_STRICT_WARNINGS:YES also -Wconversion; other KEY:VALUE pairs of
# the SDK are accepted and have no effect here.
function(project_header_default)
  foreach(opt IN LISTS ARGN)
    if(NOT opt MATCHES "^([A-Z0-9_]+):(YES|NO)$")
      message(FATAL_ERROR "project_header_default: '${opt}' is not KEY:YES or KEY:NO")
    endif()
    set(key "${CMAKE_MATCH_1}")
    set(on "${CMAKE_MATCH_2}")
    if(NOT on STREQUAL "YES")
      continue()
    endif()
    if(key MATCHES "^STANDARD_(C|GNU)_([0-9]+)$")
      set(CMAKE_C_STANDARD ${CMAKE_MATCH_2} PARENT_SCOPE)
      if(CMAKE_MATCH_1 STREQUAL "GNU")
        set(CMAKE_C_EXTENSIONS ON PARENT_SCOPE)
      else()
        set(CMAKE_C_EXTENSIONS OFF PARENT_SCOPE)
      endif()
    elseif(key MATCHES "^STANDARD_(CXX|GNUXX)_([0-9]+)$")
      set(CMAKE_CXX_STANDARD ${CMAKE_MATCH_2} PARENT_SCOPE)
    elseif(key STREQUAL "STRICT_WARNINGS")
      add_compile_options(-Wall -Wextra -Werror)
    elseif(key STREQUAL "EXTRA_STRICT_WARNINGS")
      add_compile_options(-Wall -Wextra -Wconversion -Werror)
    endif()
  endforeach()
endfunction()
