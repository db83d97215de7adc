#include "data-sync/xml_elements.h"

#include "data-sync/carrier_fields.h"

namespace relais {

namespace {

class ElementFinder : public pugi::xml_tree_walker {
 public:
  explicit ElementFinder(std::string_view local_name) : local_name_(local_name) {}
  std::vector<pugi::xml_node> found;
  bool for_each(pugi::xml_node& node) override {
    if (node.type() == pugi::node_element && LocalName(node) == local_name_) found.push_back(node);
    return true;
  }

 private:
  std::string_view local_name_;
};

}  // namespace

std::string_view LocalName(const pugi::xml_node& node) {
  const std::string_view name = node.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node ChildElement(const pugi::xml_node& node, std::string_view local_name) {
  for (const pugi::xml_node& child : node.children()) {
    if (child.type() == pugi::node_element && LocalName(child) == local_name) return child;
  }
  return {};
}

std::string ChildText(const pugi::xml_node& node, std::string_view local_name) {
  return std::string(TrimBlanks(ChildElement(node, local_name).text().get()));
}

std::vector<pugi::xml_node> FindElements(const pugi::xml_document& doc, std::string_view local_name) {
  ElementFinder finder(local_name);
  pugi::xml_node root = doc;  // A handle on the same tree: traverse() is not const.
  root.traverse(finder);
  return std::move(finder.found);
}

std::vector<AdaptedPoint> ReadXmlPoints(std::string_view xml, std::string_view point_element,
                                        AdaptedPoint (*read_point)(const pugi::xml_node& point), std::string* error) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size());
  if (!parsed) {
    *error = std::string("not XML: ") + parsed.description() + " at byte " + std::to_string(parsed.offset);
    return {};
  }
  const std::vector<pugi::xml_node> found = FindElements(doc, point_element);
  if (found.empty()) *error = "no " + std::string(point_element) + " element";
  std::vector<AdaptedPoint> points;
  points.reserve(found.size());
  for (const pugi::xml_node& p : found) points.push_back(read_point(p));
  return points;
}

std::string ReadXmlClosures(const pugi::xml_node& parent, std::string_view period, std::string_view from,
                            std::string_view to, std::vector<ClosurePeriod>* closures) {
  for (const pugi::xml_node& node : parent.children()) {
    if (node.type() != pugi::node_element || LocalName(node) != period) continue;
    const std::optional<DayNumber> first = ParseCarrierDate(ChildText(node, from));
    const std::optional<DayNumber> last = ParseCarrierDate(ChildText(node, to));
    if (!first || !last)
      return std::string(period) + ": " + std::string(from) + "/" + std::string(to) + " must be dates";
    closures->push_back({*first, *last});
  }
  return "";
}

}  // namespace relais
