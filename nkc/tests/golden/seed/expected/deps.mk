OUT/Filesystem.idl.h OUT/Operations.cdl.h OUT/Server.edl.h: \
 Filesystem.idl \
 Operations.cdl \
 Server.edl

Filesystem.idl:

Operations.cdl:

Server.edl:
