// Shipping documents over HTTP: the label of a shipment as ZPL or PDF, sent to the site's printer, and how
// far each carrier range is used (orders/shipping_labels.h); the day's manifests (orders/hand_over.h).
#include "edge/documents/label_pdf.h"
#include "edge/documents/manifest_document.h"
#include "edge/http/http_answer.h"
#include "edge/http/http_api.h"
#include "edge/http/order_errors.h"
#include "edge/http/roles.h"
#include "edge/json_fields.h"
#include "edge/model/manifest_json.h"
#include "edge/utc_now.h"
#include "wasm/engine/civil_time.h"

namespace relais::edge {

using nlohmann::json;

namespace {

// The body of a label or print request: {format?, dpi?} and, for a label, what format it comes in.
ShippingLabels::Request ReadLabelRequest(const json& body, bool print) {
  if (print) {
    RejectUnknownFields(body, {"dpi"});
  } else {
    RejectUnknownFields(body, {"format", "dpi"});
  }
  ShippingLabels::Request request;
  const std::string format = print ? "zpl" : OptionalText(body, "format", 16).value_or("pdf");
  if (format == "zpl") {
    request.format = ShippingLabels::Format::kZpl;
  } else if (format == "pdf") {
    request.format = ShippingLabels::Format::kPdf;
  } else if (format == "pdf-a4") {
    request.format = ShippingLabels::Format::kPdfA4;
  } else {
    throw BadField("format", "format is zpl, pdf (10x15 cm) or pdf-a4 (four labels per A4 page)");
  }
  request.dpi = static_cast<int>(OptionalInt(body, "dpi", 0, 10000).value_or(203));
  if (request.dpi != 203 && request.dpi != 300) throw BadField("dpi", "dpi is 203 or 300 (ZPL printers' resolutions)");
  request.print = print;
  request.now = UnixSecondsNow();
  return request;
}

}  // namespace

void HttpApi::RegisterLabelRoutes() {
  // Labels the shipment the path names (printing it when `print`), as the caller may: a merchant any order's,
  // staff the shipments their site prepares.
  const auto label = [this](Call& c, bool print, ShippingLabels::Request* request) {
    const std::optional<Order> order = store_->GetOrder(c.brand->id, c.req.matches[1]);
    if (!order || !MaySee(c, *order)) throw NotFound("order " + std::string(c.req.matches[1]));
    if (c.role == kStaffRole && !MayMove(c, *order)) {
      throw ApiError(403, "forbidden", "staff label the shipments their site prepares", "id");
    }
    *request = ReadLabelRequest(c.req.body.empty() ? json::object() : ParseBody(c.req.body), print);
    const std::string n = c.req.matches[2];
    if (n.size() > 4) throw NotFound("shipment " + n);
    request->shipment = std::stoll(n);
    request->actor = ActorOf(c);
    ShippingLabels::Labelled labelled =
        ValueOrThrow(labels_.Label(*c.brand, CurrentSettings(c.brand->id), *order, *request));
    if (labelled.allocated) metrics_.Count("parcel_numbers", labelled.labels.size());
    return labelled;
  };

  Route("POST", R"(/v1/orders/([^/]+)/shipments/(\d{1,9})/label)", "/v1/orders/{id}/shipments/{n}/label",
        kMerchantRole | kStaffRole, [label](Call& c) {
          ShippingLabels::Request request;
          const ShippingLabels::Labelled labelled = label(c, false, &request);
          std::string numbers;
          for (const ParcelLabel& l : labelled.labels) numbers += (numbers.empty() ? "" : ",") + l.number;
          c.res.set_header("X-Parcel-Numbers", numbers);
          const char* extension = request.format == ShippingLabels::Format::kZpl ? "zpl" : "pdf";
          c.res.set_header("Content-Disposition", "inline; filename=\"label-" + std::string(c.req.matches[1]) + "-" +
                                                      std::to_string(request.shipment) + "." + extension + "\"");
          c.res.set_content(labelled.document, labelled.content_type);
        });

  Route("POST", R"(/v1/orders/([^/]+)/shipments/(\d{1,9})/print)", "/v1/orders/{id}/shipments/{n}/print",
        kMerchantRole | kStaffRole, [this, label](Call& c) {
          ShippingLabels::Request request;
          const ShippingLabels::Labelled labelled = label(c, true, &request);
          metrics_.Count("labels_printed", labelled.labels.size());
          json numbers = json::array();
          for (const ParcelLabel& l : labelled.labels) numbers.push_back(l.number);
          SendJson(c.res, 200,
                   {{"order", std::string(c.req.matches[1])},
                    {"shipment", request.shipment},
                    {"parcel_numbers", numbers},
                    {"printer", labelled.printer}});
        });

  Route("GET", "/v1/parcel-ranges", "/v1/parcel-ranges", kMerchantRole | kStaffRole, [this](Call& c) {
    json ranges = json::array();
    for (const ShippingLabels::RangeUse& u : labels_.Ranges(c.brand->id)) {
      ranges.push_back({{"carrier", u.carrier},
                        {"account", u.account},
                        {"name", u.name},
                        {"scheme", u.scheme},
                        {"prefix", u.prefix},
                        {"first", u.first},
                        {"last", u.last},
                        {"given", u.given},
                        {"left", u.left},
                        {"low", u.low}});
    }
    SendJson(c.res, 200, {{"ranges", ranges}});
  });

  // The day's hand-over: a merchant any site's, staff their own site's.
  const auto site_of = [](Call& c, const std::string& site) {
    if (c.role == kStaffRole) RequireSite(c, site, "site");
    return site;
  };
  Route("GET", "/v1/manifests/pending", "/v1/manifests/pending", kMerchantRole | kStaffRole, [this, site_of](Call& c) {
    const std::string site = site_of(c, c.req.get_param_value("site"));
    const std::string carrier = c.req.get_param_value("carrier");
    if (!IsValidId(site)) throw BadField("site", "site names one of the brand's sites");
    if (!IsValidId(carrier)) throw BadField("carrier", "carrier names a carrier (mondial-relay, colissimo...)");
    const HandOverService::Packing pending =
        ValueOrThrow(hand_over_.Pending(c.brand->id, site, carrier, UnixSecondsNow()));
    json answer = ManifestJson(pending.manifest);
    answer.erase("id");
    answer.erase("closed_at");
    answer.erase("closed_by");
    Manifest not_ready;
    not_ready.parcels = pending.not_ready;
    answer["not_ready"] = ManifestJson(not_ready)["parcels"];
    SendJson(c.res, 200, answer);
  });
  // A manifest with its pickup request: {status, channel, attempts, last_error, reference, sent_at}, or null
  // when its account asks for none.
  const auto with_pickup = [this](Call& c, const Manifest& manifest) {
    json answer = ManifestJson(manifest);
    answer["pickup"] = nullptr;
    if (const std::optional<PickupRequest> p = store_->PickupRequestOf(c.brand->id, manifest.id)) {
      answer["pickup"] = {{"status", p->status},         {"channel", p->channel},     {"attempts", p->attempts},
                          {"last_error", p->last_error}, {"reference", p->reference}, {"sent_at", p->sent_at}};
    }
    return answer;
  };
  Route("POST", "/v1/manifests", "/v1/manifests", kMerchantRole | kStaffRole, [this, site_of, with_pickup](Call& c) {
    const json body = ParseBody(c.req.body);
    RejectUnknownFields(body, {"site", "carrier", "numbers"});
    const std::string site = site_of(c, RequiredId(body, "site"));
    const std::string carrier = RequiredId(body, "carrier");
    std::optional<std::vector<std::string>> numbers;
    if (body.contains("numbers")) {
      if (!body["numbers"].is_array() || body["numbers"].empty() || body["numbers"].size() > 5000) {
        throw BadField("numbers", "numbers lists 1..5000 parcel numbers: the list staff confirmed");
      }
      numbers.emplace();
      for (const json& n : body["numbers"]) {
        if (!n.is_string() || n.get<std::string>().empty() || n.get<std::string>().size() > 64) {
          throw BadField("numbers", "numbers lists parcel numbers as strings");
        }
        numbers->push_back(n.get<std::string>());
      }
    }
    const Manifest manifest =
        ValueOrThrow(hand_over_.Close(c.brand->id, site, carrier, ActorOf(c), UnixSecondsNow(), numbers));
    metrics_.Count("manifests_closed");
    metrics_.Count("parcels_handed_over", manifest.parcels.size());
    if (on_pickup_queued_) on_pickup_queued_();
    SendJson(c.res, 201, with_pickup(c, manifest));
  });
  const auto manifest_of = [this](Call& c) {
    std::optional<Manifest> manifest = store_->GetManifest(c.brand->id, c.req.matches[1]);
    if (!manifest || (c.role == kStaffRole && manifest->site != c.staff_site)) {
      throw NotFound("manifest " + std::string(c.req.matches[1]));
    }
    return *manifest;
  };
  Route("GET", "/v1/manifests", "/v1/manifests", kMerchantRole | kStaffRole, [this, site_of](Call& c) {
    const std::string site = site_of(c, c.req.get_param_value("site"));
    const std::string day = c.req.get_param_value("day");
    if (!IsValidId(site)) throw BadField("site", "site names one of the brand's sites");
    if (!ParseIsoDate(day)) throw BadField("day", "day is YYYY-MM-DD (the site's local date)");
    if (!store_->GetSite(c.brand->id, site)) throw NotFound("site " + site);
    json manifests = json::array();
    for (const Manifest& m : store_->ManifestsOf(c.brand->id, site, day)) manifests.push_back(ManifestJson(m));
    SendJson(c.res, 200, {{"manifests", manifests}});
  });
  Route("GET", R"(/v1/manifests/([A-Za-z0-9_.-]{1,160}))", "/v1/manifests/{id}", kMerchantRole | kStaffRole,
        [manifest_of, with_pickup](Call& c) { SendJson(c.res, 200, with_pickup(c, manifest_of(c))); });
  // Asks the carrier again: a request given up, or a pickup the carrier did not honour.
  Route("POST", R"(/v1/manifests/([A-Za-z0-9_.-]{1,160})/pickup)", "/v1/manifests/{id}/pickup",
        kMerchantRole | kStaffRole, [this, manifest_of, with_pickup](Call& c) {
          const Manifest manifest = manifest_of(c);
          const std::optional<PickupRequest> pickup = store_->PickupRequestOf(c.brand->id, manifest.id);
          if (!pickup) {
            throw Conflict("no_pickup_request",
                           "the " + manifest.carrier + " account " + manifest.account +
                               " asks for no pickups (shipping.accounts[].pickup in the brand's configuration)",
                           "id");
          }
          if (!store_->RequestPickupAgain(c.brand->id, manifest.id, UnixMillisNow())) {
            throw Conflict("pickup_pending", "the pickup request of " + manifest.id + " is being sent already", "id");
          }
          if (on_pickup_queued_) on_pickup_queued_();
          SendJson(c.res, 202, with_pickup(c, manifest));
        });
  Route("GET", R"(/v1/manifests/([A-Za-z0-9_.-]{1,160})/document)", "/v1/manifests/{id}/document",
        kMerchantRole | kStaffRole, [this, manifest_of](Call& c) {
          const Manifest manifest = manifest_of(c);
          const std::string format = c.req.has_param("format") ? c.req.get_param_value("format") : "pdf";
          if (format == "csv") {
            c.res.set_header("Content-Disposition", "attachment; filename=\"" + manifest.id + ".csv\"");
            c.res.set_content(ManifestCsv(manifest), "text/csv; charset=utf-8");
            return;
          }
          if (format != "pdf") throw BadField("format", "format is pdf or csv");
          Result<std::string, DocumentError> pdf =
              ManifestPdf(manifest, ManifestHeaderOf(c.brand->name, labels_.CarrierName(c.brand->id, manifest.carrier),
                                                     store_->GetSite(c.brand->id, manifest.site)));
          if (!pdf.ok()) throw std::runtime_error("manifest PDF: " + pdf.error().message);
          c.res.set_header("Content-Disposition", "inline; filename=\"" + manifest.id + ".pdf\"");
          c.res.set_content(pdf.value(), "application/pdf");
        });
}

}  // namespace relais::edge
