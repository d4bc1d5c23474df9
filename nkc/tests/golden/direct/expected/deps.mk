OUT/kos/Store.idl.h OUT/kos/Kv.edl.h: \
 kos/Store.idl \
 kos/Kv.edl

kos/Store.idl:

kos/Kv.edl:
