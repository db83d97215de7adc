#include "edge/orders/hand_over.h"

#include <algorithm>
#include <map>

#include "edge/orders/order_progress.h"
#include "edge/orders/shipping_labels.h"
#include "edge/utc_now.h"

namespace relais::edge {

using nlohmann::json;

namespace {

constexpr int64_t kMaxParcels = 5000;  // On one manifest: a big warehouse's day for one carrier.

}  // namespace

HandOverService::HandOverService(Store* store, TrackingService* tracking, RelaySnapshot* relays,
                                 const std::vector<Workflow>* workflows, const ShippingLabels* labels)
    : store_(store), tracking_(tracking), relays_(relays), workflows_(workflows), labels_(labels) {}

OrderResult<HandOverService::Packing> HandOverService::Pending(const std::string& brand, const std::string& site_id,
                                                               const std::string& carrier, int64_t now) {
  const std::optional<Site> site = store_->GetSite(brand, site_id);
  if (!site) return OrderError{"not_found", "no site " + site_id, "site"};
  Packing pending;
  pending.manifest.site = site_id;
  pending.manifest.carrier = carrier;
  pending.manifest.day = SiteLocalDate(site, now);
  const std::shared_ptr<const RelayDataset> relays = relays_->Current();
  std::map<std::string, std::optional<Order>> orders;  // Read once each.
  for (const ParcelLabel& label : store_->LabelsToHandOver(brand, site_id, carrier, kMaxParcels)) {
    std::optional<Order>& order = orders[label.order_id];
    if (!order) order = store_->GetOrder(brand, label.order_id);
    if (!order || label.shipment >= static_cast<int64_t>(order->delivery.size())) continue;
    const std::vector<ShipmentProgress> progress = ReadProgress(*order, *workflows_);
    const size_t index = static_cast<size_t>(label.shipment);
    if (index >= progress.size()) continue;
    // Gone already (by hand, or cancelled): never on a manifest.
    if (PassedStatus(progress[index], OrderStatus::kShipped) ||
        ReachedStatus(progress[index]) == OrderStatus::kCancelled) {
      continue;
    }
    const json& delivery = order->delivery[index];
    const json destination = delivery.value("destination", json::object());
    ManifestParcel p;
    p.order_id = order->id;
    p.shipment = label.shipment;
    p.parcel = label.parcel;
    p.number = label.number;
    p.order_ref = order->external_ref.empty() ? order->id : order->external_ref;
    p.recipient = destination.value("name", order->contact.is_object() ? order->contact.value("name", "") : "");
    p.mode = delivery.value("route", delivery.value("mode", ""));
    p.parcel_count = std::max<int64_t>(1, delivery.value("parcels", int64_t{1}));
    p.weight_g = ParcelWeight(delivery.value("weight_g", int64_t{0}), p.parcel_count, label.parcel);
    if (destination.contains("carrier") && destination.contains("id")) {
      const std::string id = destination.value("id", "");
      p.destination = destination.value("carrier", "") + " " + id;
      if (relays) {
        if (const std::optional<uint32_t> point = relays->snapshot->Find(destination.value("carrier", ""), id)) {
          const RelayPoint r = relays->snapshot->Record(*point);
          p.destination = r.country + "-" + r.id + " " + r.name + ", " + r.postcode + " " + r.city;
        }
      }
    } else if (destination.contains("postcode")) {
      p.destination = destination.value("postcode", "") + " " + destination.value("city", "");
    } else {
      p.destination = "site " + destination.value("site", site_id);
    }
    WorkflowState trial = progress[index].state;
    if (ApplyWorkflowEvent(*progress[index].workflow, "handed_to_carrier", false, &trial).moved) {
      // The carrier's accounts share its manifest; the first parcel's names it (and asks for the pickup).
      if (pending.manifest.account.empty()) pending.manifest.account = label.account;
      pending.manifest.parcels.push_back(std::move(p));
    } else {
      pending.not_ready.push_back(std::move(p));
    }
  }
  return pending;
}

OrderResult<Manifest> HandOverService::Close(const std::string& brand, const std::string& site,
                                             const std::string& carrier, const Actor& actor, int64_t now,
                                             const std::optional<std::vector<std::string>>& only) {
  OrderResult<Packing> pending = Pending(brand, site, carrier, now);
  if (!pending.ok()) return pending.error();
  Manifest manifest = std::move(pending->manifest);
  if (only) {
    std::vector<ManifestParcel> confirmed;
    for (const std::string& number : *only) {
      const auto listed = std::find_if(manifest.parcels.begin(), manifest.parcels.end(),
                                       [&](const ManifestParcel& p) { return p.number == number; });
      if (listed == manifest.parcels.end()) {
        return OrderError{"invalid_field",
                          "parcel " + number + " is not ready to hand over to " + carrier + " at " + site +
                              " (not labelled here, not prepared, or on a manifest already)",
                          "numbers"};
      }
      confirmed.push_back(*listed);
    }
    manifest.parcels = std::move(confirmed);
  }
  if (manifest.parcels.empty()) {
    return OrderError{"nothing_to_hand_over",
                      "no " + carrier + " parcel is ready to leave " + site + ": none is both labelled and prepared" +
                          (pending->not_ready.empty()
                               ? ""
                               : " (" + std::to_string(pending->not_ready.size()) + " labelled, not prepared yet)"),
                      "carrier",
                      {{"not_ready", pending->not_ready.size()}}};
  }
  std::vector<TrackingService::HandedParcel> parcels;
  for (const ManifestParcel& p : manifest.parcels) parcels.push_back({p.order_id, p.shipment, carrier, p.number});
  manifest.closed_by = actor.who;
  std::string day = manifest.day;
  day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
  const Manifest listed = manifest;
  OrderResult<std::vector<Order>> handed = tracking_->HandOver(
      brand, parcels, actor,
      [&](const std::vector<TrackingService::HandedParcel>& moved, OrderCommit* commit) -> std::optional<OrderError> {
        // Only what moved on this attempt's read: a parcel whose shipment was cancelled meanwhile stays off.
        manifest.parcels.clear();
        for (const ManifestParcel& p : listed.parcels) {
          for (const TrackingService::HandedParcel& m : moved) {
            if (m.order_id == p.order_id && m.shipment == p.shipment && m.number == p.number) {
              manifest.parcels.push_back(p);
              break;
            }
          }
        }
        if (manifest.parcels.empty()) {
          return OrderError{"nothing_to_hand_over", "the listed parcels moved meanwhile: list them again", "carrier"};
        }
        // The day's next number for this carrier; two closes at once: the store refuses the second's id
        // (kConflict) and it is decided again with the next.
        int64_t n = 1;
        for (const Manifest& m : store_->ManifestsOf(brand, site, listed.day)) n += m.carrier == carrier;
        manifest.id = site + "-" + carrier + "-" + day + "-" + std::to_string(n);
        manifest.closed_at = UtcNowIso();
        commit->manifest = manifest;
        // The carrier is asked to come, by the account's channel, once the manifest is stored.
        const std::optional<CarrierAccount> account = labels_->Account(brand, carrier, manifest.account);
        if (account && !account->pickup.by.empty()) {
          PickupRequest pickup;
          pickup.manifest_id = manifest.id;
          pickup.carrier = carrier;
          pickup.account = manifest.account;
          pickup.channel = account->pickup.by;
          pickup.next_attempt_ms = now * 1000;
          commit->pickup = pickup;
        }
        return std::nullopt;
      });
  if (!handed.ok()) return handed.error();
  return manifest;
}

}  // namespace relais::edge
