#pragma once

// The error policy of storage/ (store.h, its areas mirror_store.h, configuration_store.h,
// token_store.h, writeback_store.h, sync_state_store.h, snapshot.h, and limits.h) and every
// error it throws.
//
//   - Every Store method (of every area and of a Snapshot) reports a failure by throwing; none
//     returns an error value. A method that throws has changed nothing: a write commits
//     completely or not at all. A method that returns has committed, so a caller never
//     answers a committed write with an error.
//   - What is thrown, what it means, and how it is answered (the REST API maps each to one
//     status, in http::send_store_error; the CLI prints the message and exits 1 for each):
//       NotFoundError    the addressed row does not exist                        404
//       ValidationError  a value breaks a rule of its own, such as its length    400 {field: [msg]}
//                        limit (limits.h); field() names it
//       ConflictError    the write would break a rule between rows: a            400 naming the field
//                        uniqueness rule or another database constraint          (DRF's answer, which
//                                                                                the plugin's clients
//                                                                                know)
//       StateError       the row exists but its state refuses the change: an    409
//                        outbox entry already done or dropped is retried,
//                        dropped or settled. A ConflictError, so code written
//                        before it existed keeps catching it; always told apart
//                        (caught or tested first) and answered 409, never 400.
//       StorageError     anything else: the database failed                      500
//   - SQLite's own exceptions never leave storage/.
// Pure parsers and planners outside storage/ return results instead (util::parse_decimal_id,
// netlist::plan_import); background drivers (SyncJob, Pusher) return outcomes.

#include <stdexcept>
#include <string>
#include <utility>

namespace kibridge::storage {

class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// The row addressed by id does not exist.
class NotFoundError : public StorageError {
 public:
  using StorageError::StorageError;
};
// The write would break a rule between rows: a uniqueness rule (a second KiCad category for
// the same InvenTree category, a duplicate token name, ...) or another database constraint.
class ConflictError : public StorageError {
 public:
  using StorageError::StorageError;
};

// A value breaks a rule of its own (limits.h). what() is "<field>: <message>".
class ValidationError : public StorageError {
 public:
  ValidationError(std::string field, std::string message)
      : StorageError(field + ": " + message), field_(std::move(field)), message_(std::move(message)) {}
  const std::string& field() const { return field_; }
  const std::string& message() const { return message_; }

 private:
  std::string field_;
  std::string message_;
};

// The row exists but its state refuses the change (see above).
class StateError : public ConflictError {
 public:
  using ConflictError::ConflictError;
};

}  // namespace kibridge::storage
