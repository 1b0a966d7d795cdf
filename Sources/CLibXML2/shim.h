/* Debian's libxml2 is built with ICU; a module that sees both this and Foundation
   fails with "'UErrorCode' has different definitions" unless ICU is hidden here. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
