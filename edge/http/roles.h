// Who may call a route, as bits: the server checks them, the OpenAPI document lists them.
#ifndef RELAIS_EDGE_HTTP_ROLES_H_
#define RELAIS_EDGE_HTTP_ROLES_H_

namespace relais::edge {

// A merchant key opens its brand; a staff token its site's orders and stock; a shopper's tracking token its
// own order; the metrics token /metrics; public routes need nothing. Staff of site S, precisely:
//
//   what                                   merchant   staff of S                                  shopper
//   read an order, its timeline, events    any        bought at S, or a line prepared/collected at S   its own
//   move a shipment (events, status)       any        prepared at S (line site) or handed over at S   its own
//                                                     (collection site); not the child another site    events
//                                                     prepares though it was bought at S; a transfer:
//                                                     the source until the goods leave, the receiving
//                                                     site after (TrackingService)
//   stock figures (/v1/stock, history)     any site   S only                                           -
//   stock movements                        any site   S only                                           -
//   /v1/availability (to plan a basket)    exact      S exact; other sites capped at 1: in stock or not -
//   notifications (customer service)       masked     masked (no pick-up code, no tracking token)      -
//
// A sales agent (a staff token of role "agent": orders taken on the phone) keeps the brand's customer accounts,
// reads the catalogue, stock and sites to plan an order, and places orders through the import route (channel
// phone); it reads the orders it may take: of the whole brand, or those bought at its site when it has one.
// It moves no shipment and no stock.
//
// edge_authz_test walks the routes with every credential; edge_children_test moves children both ways.
inline constexpr unsigned kPublicRole = 1, kMerchantRole = 2, kStaffRole = 4, kShopperRole = 8, kMetricsRole = 16,
                          kAgentRole = 32;

struct RoleName {
  unsigned role;
  const char* name;
};
inline constexpr RoleName kRoleNames[] = {{kPublicRole, "public"},   {kMerchantRole, "merchant"},
                                          {kStaffRole, "staff"},     {kShopperRole, "shopper"},
                                          {kMetricsRole, "metrics"}, {kAgentRole, "agent"}};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_HTTP_ROLES_H_
