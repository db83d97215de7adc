// What shipping a parcel leaves behind: the number its label carries, and the day's manifest it left on.
#ifndef RELAIS_EDGE_MODEL_SHIPPING_H_
#define RELAIS_EDGE_MODEL_SHIPPING_H_

#include <cstdint>
#include <string>
#include <vector>

namespace relais::edge {

// The parcel number one parcel of a shipment carries, allocated when it is first labelled.
struct ParcelLabel {
  std::string order_id;
  std::string site;      // The site the parcel leaves from.
  int64_t shipment = 0;  // 0-based: the order's delivery entry.
  int64_t parcel = 0;    // 0-based among the shipment's parcels.
  std::string carrier;
  std::string account;
  std::string block;  // The block its serial came from (store.h: SerialBlock::key).
  uint64_t serial = 0;
  std::string number;
  std::string created_at;
};

// The day's hand-over of one site's parcels to one carrier (orders/hand_over.h decides what it lists): once
// closed, every listed parcel left with the carrier, and a parcel is on one manifest only.
struct ManifestParcel {
  std::string order_id;
  int64_t shipment = 0;
  int64_t parcel = 0;
  std::string number;
  std::string order_ref;    // The order the shopper knows.
  std::string recipient;    // Name.
  std::string destination;  // The relay's code and name, or the home's postcode and city, or the site.
  std::string mode;
  int64_t weight_g = 0;
  int64_t parcel_count = 1;  // The shipment's parcels: this one is `parcel` + 1 of them.
  bool operator==(const ManifestParcel&) const = default;
};
struct Manifest {
  std::string id;  // "<site>-<carrier>-<YYYYMMDD>-<n>": unique per brand.
  std::string site;
  std::string carrier;
  std::string account;
  std::string day;  // The site's local date, YYYY-MM-DD.
  std::string closed_at;
  std::string closed_by;
  std::vector<ManifestParcel> parcels;
  bool operator==(const Manifest&) const = default;
};

// Asking the carrier to come for a closed manifest's parcels (orders/hand_over.h queues it with the manifest,
// pickup_sender.h sends it through the account's channel): kept in the store until sent or given up, and retried
// like the shoppers' notifications.
struct PickupRequest {
  int64_t id = 0;
  std::string brand;
  std::string manifest_id;
  std::string carrier, account;
  std::string channel;             // email, http: how the account asks (orders/shipping_labels.h: PickupContact).
  std::string status = "pending";  // pending, sent, failed (after the brand's last attempt).
  int64_t attempts = 0;
  int64_t next_attempt_ms = 0;  // Unix milliseconds: not sent before.
  std::string last_error;
  std::string reference;  // The carrier's confirmation ("" : none given, or by e-mail).
  std::string created_at, sent_at;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MODEL_SHIPPING_H_
