# SPDX-License-Identifier: GPL-2.0-or-later
# find_package(ns): KOS's NameServer entity.  In nkipc the name server is
# part of the kernel module (NsCreate, NsPublishService, KnCmConnect work
# without a process), so there is nothing to put into the image: ns_ENTITY
# is empty and @INIT_EXTERNAL_ENTITIES@ expands to nothing.
set(ns_ENTITY "")
set(ns_FOUND TRUE)
