OUT/types/Common.idl.h OUT/types/All.idl.h OUT/types/Server.edl.h: \
 types/Common.idl \
 types/All.idl \
 types/Server.edl

types/Common.idl:

types/All.idl:

types/Server.edl:
