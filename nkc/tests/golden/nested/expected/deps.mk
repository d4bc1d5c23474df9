OUT/demo/Ping.idl.h OUT/demo/Store.idl.h OUT/demo/Inner.cdl.h OUT/demo/Outer.cdl.h OUT/demo/App.edl.h: \
 demo/Ping.idl \
 demo/Store.idl \
 demo/Inner.cdl \
 demo/Outer.cdl \
 demo/App.edl

demo/Ping.idl:

demo/Store.idl:

demo/Inner.cdl:

demo/Outer.cdl:

demo/App.edl:
