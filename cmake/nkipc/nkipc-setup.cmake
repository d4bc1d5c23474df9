# SPDX-License-Identifier: GPL-2.0-or-later
# nkipc-setup.cmake - where the nkipc SDK is: the build tree of a checkout
# (cmake/nkipc/ next to build/) or an installation (PREFIX/share/nkipc/cmake).
# Sets NKIPC_NKC, NKIPC_NKINIT, NKIPC_NKPOLICY, NKIPC_INCLUDE_DIRS,
# NKIPC_LIBNKOS, NKIPC_LIBKOSIPC (C++: kosipc), NKIPC_RUN (runs a bundle), NKIPC_VM_RUN (the checkout's
# selftests/vm-run, if any) and puts the KOS modules (platform, platform/nk,
# platform/image) on CMAKE_MODULE_PATH and the stand-ins of SDK packages
# (find_package(ns)) on CMAKE_PREFIX_PATH.
include_guard(GLOBAL)

get_filename_component(NKIPC_CMAKE_DIR "${CMAKE_CURRENT_LIST_DIR}" ABSOLUTE)
get_filename_component(_nkipc_top "${NKIPC_CMAKE_DIR}/../.." ABSOLUTE)
get_filename_component(_nkipc_prefix "${NKIPC_CMAKE_DIR}/../../.." ABSOLUTE)

if(EXISTS "${_nkipc_top}/build/bin/nkc" AND EXISTS "${_nkipc_top}/libnkos/include")
  set(NKIPC_SOURCE_DIR "${_nkipc_top}" CACHE INTERNAL "")
  set(NKIPC_NKC "${_nkipc_top}/build/bin/nkc" CACHE FILEPATH "nkc")
  set(NKIPC_NKINIT "${_nkipc_top}/build/bin/nkinit" CACHE FILEPATH "nkinit")
  set(NKIPC_NKPOLICY "${_nkipc_top}/build/bin/nkpolicy" CACHE FILEPATH "nkpolicy")
  set(NKIPC_INCLUDE_DIRS "${_nkipc_top}/libnkos/include;${_nkipc_top}/kosipc/include;${_nkipc_top}/uapi;${_nkipc_top}/build/include"
      CACHE STRING "libnkos (nk/msgcheck.h too), kosipc and uapi headers")
  set(NKIPC_LIBNKOS "${_nkipc_top}/build/libnkos.a" CACHE FILEPATH "libnkos")
  set(NKIPC_LIBKOSIPC "${_nkipc_top}/build/libkosipc.a" CACHE FILEPATH "kosipc")
  if(EXISTS "${_nkipc_top}/selftests/vm-run")
    set(NKIPC_VM_RUN "${_nkipc_top}/selftests/vm-run" CACHE FILEPATH "vm-run")
  endif()
else()
  find_program(NKIPC_NKC nkc HINTS "${_nkipc_prefix}/bin" REQUIRED)
  find_program(NKIPC_NKINIT nkinit HINTS "${_nkipc_prefix}/sbin" "${_nkipc_prefix}/bin" REQUIRED)
  find_program(NKIPC_NKPOLICY nkpolicy HINTS "${_nkipc_prefix}/sbin" "${_nkipc_prefix}/bin" REQUIRED)
  find_library(NKIPC_LIBNKOS NAMES libnkos.a nkos HINTS "${_nkipc_prefix}/lib" REQUIRED)
  find_library(NKIPC_LIBKOSIPC NAMES libkosipc.a kosipc HINTS "${_nkipc_prefix}/lib")
  set(NKIPC_INCLUDE_DIRS "${_nkipc_prefix}/include" CACHE STRING "nkipc headers")
endif()
set(NKIPC_RUN "${NKIPC_CMAKE_DIR}/nkipc-run")
set(NKIPC_CC "${NKIPC_CMAKE_DIR}/nkipc-cc")

list(PREPEND CMAKE_MODULE_PATH "${NKIPC_CMAKE_DIR}")
list(PREPEND CMAKE_PREFIX_PATH "${NKIPC_CMAKE_DIR}/packages")
# the NK compiler module of nkc, which platform/nk builds on
set(NKC_EXECUTABLE "${NKIPC_NKC}")
