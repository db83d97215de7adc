// Reading carriers' XML (SOAP answers or plain files) with pugixml: elements are matched by their local
// name, whatever namespace prefix the carrier's toolkit put on them.
#ifndef RELAIS_DATA_SYNC_XML_ELEMENTS_H_
#define RELAIS_DATA_SYNC_XML_ELEMENTS_H_

#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "data-sync/adapted_point.h"

namespace relais {

// The element's name without its namespace prefix.
std::string_view LocalName(const pugi::xml_node& node);

// The first child element called `local_name`, or an empty node.
pugi::xml_node ChildElement(const pugi::xml_node& node, std::string_view local_name);

// The trimmed text of that child ("" when absent).
std::string ChildText(const pugi::xml_node& node, std::string_view local_name);

// Every element called `local_name` at any depth, in document order. Walks without recursion: a hostile
// file may nest elements millions deep.
std::vector<pugi::xml_node> FindElements(const pugi::xml_document& doc, std::string_view local_name);

// Every element called `point_element`, at any depth, turned into a point by `read_point`, in document order.
// `error` is set (and nothing returned) when the text is not XML or holds no such element.
std::vector<AdaptedPoint> ReadXmlPoints(std::string_view xml, std::string_view point_element,
                                        AdaptedPoint (*read_point)(const pugi::xml_node& point), std::string* error);

// Appends the closure periods found under `parent`: each child element called `period` holds its first and
// last day (ParseCarrierDate) in children `from` and `to`. Returns "" or which dates were unreadable; the
// order of the two days is the contract's to check.
std::string ReadXmlClosures(const pugi::xml_node& parent, std::string_view period, std::string_view from,
                            std::string_view to, std::vector<ClosurePeriod>* closures);

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_XML_ELEMENTS_H_
