OUT/Empty.idl.h OUT/Only.idl.h OUT/Nothing.cdl.h OUT/Client.edl.h: \
 Empty.idl \
 Only.idl \
 Nothing.cdl \
 Client.edl

Empty.idl:

Only.idl:

Nothing.cdl:

Client.edl:
