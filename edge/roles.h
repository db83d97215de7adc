// Who may call a route, as bits: the server checks them, the OpenAPI document lists them.
#ifndef RELAIS_EDGE_ROLES_H_
#define RELAIS_EDGE_ROLES_H_

namespace relais::edge {

// A merchant key opens its brand; a staff token its site's orders and stock; a shopper's tracking token its
// own order; the metrics token /metrics; public routes need nothing.
inline constexpr unsigned kPublicRole = 1, kMerchantRole = 2, kStaffRole = 4, kShopperRole = 8, kMetricsRole = 16;

struct RoleName {
  unsigned role;
  const char* name;
};
inline constexpr RoleName kRoleNames[] = {{kPublicRole, "public"},
                                          {kMerchantRole, "merchant"},
                                          {kStaffRole, "staff"},
                                          {kShopperRole, "shopper"},
                                          {kMetricsRole, "metrics"}};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ROLES_H_
