// CXML: libxml2 for Swift, for HTML heads and XML licence documents.
#ifndef CXML_SHIM_H
#define CXML_SHIM_H
#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU; its <unicode/*.h> clashes with Foundation's own ICU module
// ("UErrorCode has different definitions"). Hiding the ICU fields avoids it; Heed never uses them.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/// xmlFree is a global function-pointer variable, which Swift 6 will not read; call through this.
static inline void cxml_free(void *p) { xmlFree(p); }
static inline xmlParserInputPtr cxml_deny_loader(const char *u, const char *i, xmlParserCtxtPtr c) {
    (void)u; (void)i; (void)c;
    return NULL;
}
/// Defence in depth against XXE: no external entity is ever loaded, whatever the options.
static inline void cxml_deny_external_entities(void) { xmlSetExternalEntityLoader(cxml_deny_loader); }
#endif
