# SPDX-License-Identifier: GPL-2.0-or-later
# find_package(nkipc): the KOS SDK's CMake interface for nkipc.
#   find_package(nkipc REQUIRED)
#   include(platform)
#   initialize_platform()
#   include(platform/nk)       # nk_build_idl_files, nk_build_cdl_files, nk_build_edl_files
#   include(platform/image)    # build_kos_qemu_image, build_kos_hw_image
include("${CMAKE_CURRENT_LIST_DIR}/nkipc-setup.cmake")
set(nkipc_FOUND TRUE)
