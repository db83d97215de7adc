#include "wasm/engine/sales_generator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace relais {

namespace {

// SplitMix64: small, fast and good enough for simulated shoppers; its state is the generator's own.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }  // [0, 1)
  int Below(int n) { return static_cast<int>(Uniform() * n); }
  double Normal() {
    const double u = std::max(Uniform(), 1e-300);
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * Uniform());
  }
  int Poisson(double mean) {
    if (mean <= 0) return 0;
    if (mean > 30) return std::max(0, static_cast<int>(std::lround(mean + std::sqrt(mean) * Normal())));
    const double limit = std::exp(-mean);  // Knuth's product of uniforms.
    int k = 0;
    for (double p = Uniform(); p > limit; p *= Uniform()) ++k;
    return k;
  }

 private:
  uint64_t state_;
};

struct CategoryShape {
  const char* path;
  std::array<double, 7> week;          // Monday first.
  double year_amplitude;               // How far the year swings around its mean.
  int peak_day_of_year;                // When it is highest.
  std::array<double, 4> holiday_lift;  // Easter, Mother's Day, Black Friday, Christmas (same order as
                                       // FrenchRetailHolidays): the demand multiplier on the holiday's days.
};

constexpr std::array<CategoryShape, 6> kCategories = {{
    {"kitchen/mugs", {0.8, 0.85, 0.9, 1.0, 1.15, 1.5, 0.8}, 0.25, 350, {1.2, 1.8, 2.2, 1.9}},
    {"kitchen/plates", {0.75, 0.8, 0.9, 1.0, 1.2, 1.6, 0.75}, 0.2, 340, {1.5, 1.4, 2.0, 1.6}},
    {"garden/tools", {0.7, 0.75, 0.8, 0.9, 1.1, 1.9, 0.85}, 0.45, 130, {1.8, 1.2, 1.5, 1.1}},
    {"books/novels", {0.9, 0.9, 0.95, 1.0, 1.1, 1.3, 0.85}, 0.2, 200, {1.1, 1.3, 1.8, 2.4}},
    {"toys/games", {0.7, 0.7, 0.85, 0.9, 1.1, 1.8, 0.95}, 0.35, 355, {1.6, 1.0, 2.5, 3.0}},
    {"grocery/coffee", {1.0, 1.0, 1.0, 1.0, 1.05, 1.15, 0.8}, 0.1, 20, {1.1, 1.0, 1.3, 1.3}},
}};

// The multiplier of every holiday on `day`: its lift on its reach, growing towards the date.
double HolidayLift(const std::vector<Holiday>& holidays, const CategoryShape& shape, DayNumber day) {
  double lift = 1;
  for (size_t h = 0; h < holidays.size() && h < shape.holiday_lift.size(); ++h) {
    for (DayNumber date : holidays[h].dates) {
      if (day < date - holidays[h].days_before || day > date + holidays[h].days_after) continue;
      const double closeness = day <= date ? 1.0 - static_cast<double>(date - day) / (holidays[h].days_before + 1)
                                           : 1.0 - static_cast<double>(day - date) / (holidays[h].days_after + 1);
      lift *= 1 + (shape.holiday_lift[h] - 1) * closeness;
    }
  }
  return lift;
}

}  // namespace

GeneratedSales GenerateSales(const SalesGeneratorOptions& options) {
  GeneratedSales out;
  Random random(options.seed);
  const DayNumber first = options.first_day, end = options.first_day + std::max(0, options.days);
  out.end_day = end;
  out.holidays = FrenchRetailHolidays(CivilFromDays(first).year - 1, CivilFromDays(end).year + 1);
  const int categories = std::clamp(options.categories, 1, static_cast<int>(kCategories.size()));
  for (int c = 0; c < categories; ++c) {
    const CategoryShape& shape = kCategories[static_cast<size_t>(c)];
    const int products = options.products_per_category + options.launches_per_category;
    for (int p = 0; p < products; ++p) {
      const bool launched = p >= options.products_per_category;
      const DayNumber launch = launched ? end - 1 - random.Below(std::max(1, options.launch_window_days)) : first;
      const double base = std::clamp(std::exp(std::log(3.0) + 0.8 * random.Normal()), 0.3, 40.0);
      const double growth = -0.15 + 0.45 * random.Uniform();  // A year's change, -15 % to +30 %.
      for (int s = 0; s < options.sites; ++s) {
        GeneratedSeries g;
        g.sku = std::string(shape.path).substr(std::string(shape.path).find('/') + 1, 3) + std::to_string(p + 1);
        for (char& ch : g.sku) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        g.site = "site-" + std::to_string(s + 1);
        g.category = shape.path;
        const double site_factor = s == 0 ? 1.0 : 0.4 + 0.5 * random.Uniform();
        // Stock-out spells and promotions: drawn per series, any day, so nobody can know them a year ahead.
        std::vector<uint8_t> out_of_stock(static_cast<size_t>(end - launch), 0);
        std::vector<float> promoted(out_of_stock.size(), 1.0f);
        const double years = static_cast<double>(end - launch) / 365.25;
        for (int i = 0, n = static_cast<int>(std::lround(options.stockout_spells_per_year * years)); i < n; ++i) {
          const int at = random.Below(static_cast<int>(out_of_stock.size())), length = 2 + random.Below(11);
          for (int d = at; d < std::min<int>(at + length, static_cast<int>(out_of_stock.size())); ++d)
            out_of_stock[d] = 1;
        }
        for (int i = 0, n = static_cast<int>(std::lround(options.promotions_per_year * years)); i < n; ++i) {
          const int at = random.Below(static_cast<int>(promoted.size()));
          for (int d = at; d < std::min<int>(at + 7, static_cast<int>(promoted.size())); ++d) promoted[d] = 1.8f;
        }
        for (DayNumber day = launch; day < end; ++day) {
          const size_t i = static_cast<size_t>(day - launch);
          const double day_of_year = day - DaysFromCivil(CivilFromDays(day).year, 1, 1);
          const double year = 1 + shape.year_amplitude *
                                      std::cos(2 * std::numbers::pi * (day_of_year - shape.peak_day_of_year) / 365.25);
          const double trend = std::pow(1 + growth, static_cast<double>(day - first) / 365.25);
          const double ramp = launched ? 1 - std::exp(-static_cast<double>(day - launch + 1) / 10.0) : 1.0;
          const double demand = base * site_factor * shape.week[static_cast<size_t>(WeekdayFromDays(day))] * year *
                                trend * ramp * HolidayLift(out.holidays, shape, day) * promoted[i];
          g.demand.push_back(static_cast<float>(demand));
          if (out_of_stock[i]) {
            g.sales.MarkOutOfStock(day);
          } else {
            g.sales.Add(day, static_cast<float>(random.Poisson(demand)));
          }
        }
        out.series.push_back(std::move(g));
      }
    }
  }
  return out;
}

}  // namespace relais
