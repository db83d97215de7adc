// A value or the error that stands in its place: what a floor returns across its boundary instead of
// throwing (the store's StoreError, the order domain's OrderError). C++20 has no std::expected; this is the
// small part of it edge needs. Exceptions stay for bugs and broken disks (the server answers 500).
#ifndef RELAIS_EDGE_MODEL_RESULT_H_
#define RELAIS_EDGE_MODEL_RESULT_H_

#include <optional>
#include <utility>
#include <variant>

namespace relais::edge {

template <class T, class E>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design.
  Result(E error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // Only when ok().
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // Only when !ok().
  const E& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, E> state_;
};

// Nothing, or the error.
template <class E>
class [[nodiscard]] Result<void, E> {
 public:
  Result() = default;
  Result(E error) : error_(std::move(error)) {}  // NOLINT: implicit by design.

  bool ok() const { return !error_; }
  explicit operator bool() const { return ok(); }
  const E& error() const { return *error_; }

 private:
  std::optional<E> error_;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MODEL_RESULT_H_
