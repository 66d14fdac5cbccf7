#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU; its headers would then pull in the system ICU headers,
   which clash with the ICU that Foundation bundles. Parley never touches the encoding handler's
   ICU fields, so hide them. */
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlerror.h>
#include <libxml/parser.h>
#include <libxml/hash.h>

/* xmlFree is a global function pointer, which Swift 6 treats as shared mutable state. */
static inline void parley_xml_free(void *p) { xmlFree(p); }
