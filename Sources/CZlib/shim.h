// CZlib: zlib for Swift (gzip-compressed manifests and WARC files). Imported only by HeedAudit.
#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H
#include <zlib.h>

/// inflateInit2 is a macro in zlib.h, which Swift cannot call; this wrapper can.
/// windowBits 15 + 32: zlib or gzip header, detected automatically.
static inline int czlib_inflate_init_auto(z_stream *stream) {
    return inflateInit2(stream, 15 + 32);
}
#endif
