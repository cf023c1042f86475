// A thin RAII layer over the SQLite C API for the workspace. Private.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <project8/core/error.hpp>
#include <sqlite3.h>

namespace project8::workspace::detail {

/// An error from SQLite, naming the workspace file.
inline core::Error sqlite_error(sqlite3* db, const std::string& file, std::string_view what) {
  return core::Error("workspace " + file + ": " + std::string(what) + ": " +
                     (db != nullptr ? sqlite3_errmsg(db) : "cannot allocate"));
}

/// One open connection.
class Db {
 public:
  Db() = default;
  Db(const std::string& file, int flags) : file_(file) {
    if (sqlite3_open_v2(file.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      const auto e = sqlite_error(db_, file, "cannot open");
      sqlite3_close(db_);
      db_ = nullptr;
      throw e;
    }
    sqlite3_busy_timeout(db_, 10'000);  // readers and one writer share the file (WAL)
    sqlite3_extended_result_codes(db_, 1);
  }
  Db(Db&& o) noexcept : db_(o.db_), file_(std::move(o.file_)) { o.db_ = nullptr; }
  Db& operator=(Db&& o) noexcept {
    if (this != &o) {
      close();
      db_ = o.db_;
      file_ = std::move(o.file_);
      o.db_ = nullptr;
    }
    return *this;
  }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db() { close(); }

  /// Runs statements without results.
  void exec(const std::string& sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
      const std::string m = msg != nullptr ? msg : "?";
      sqlite3_free(msg);
      throw core::Error("workspace " + file_ + ": " + m);
    }
  }
  /// Gives the connection the key of an encrypted file, before anything is
  /// read or written — once sure that the SQLite these calls reach is
  /// SQLCipher. (Two SQLite libraries in one process, such as Python's after
  /// `import sqlite3`, can resolve the calls to the one that cannot encrypt:
  /// the data would then be written in the clear.)
  void key(std::string_view passphrase) {
    sqlite3_stmt* st = nullptr;
    bool cipher = false;  // PRAGMA cipher_version answers in SQLCipher only
    if (sqlite3_prepare_v2(db_, "PRAGMA cipher_version", -1, &st, nullptr) == SQLITE_OK)
      cipher = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    if (!cipher) {
      throw core::Error("workspace " + file_ +
                        ": cannot be encrypted or decrypted: the SQLite library this process "
                        "uses (" +
                        sqlite3_libversion() +
                        ") is not SQLCipher — another SQLite was loaded before project8's. "
                        "Nothing was read or written");
    }
    if (sqlite3_key(db_, passphrase.data(), static_cast<int>(passphrase.size())) != SQLITE_OK)
      throw sqlite_error(db_, file_, "cannot set the key");
  }
  [[nodiscard]] sqlite3* get() const noexcept { return db_; }
  [[nodiscard]] const std::string& file() const noexcept { return file_; }

 private:
  void close() noexcept {
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = nullptr;
  }
  sqlite3* db_ = nullptr;
  std::string file_;
};

/// A prepared statement; bind with 1-based indexes.
class Stmt {
 public:
  Stmt(Db& db, const std::string& sql) : db_(&db) {
    if (sqlite3_prepare_v2(db.get(), sql.c_str(), static_cast<int>(sql.size()), &st_, nullptr) !=
        SQLITE_OK) {
      throw sqlite_error(db.get(), db.file(), "cannot prepare");
    }
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() { sqlite3_finalize(st_); }

  Stmt& bind(int i, std::int64_t v) { return check(sqlite3_bind_int64(st_, i, v)); }
  Stmt& bind(int i, std::string_view v) {
    return check(sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Stmt& bind_blob(int i, std::string_view v) {
    return check(sqlite3_bind_blob(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  Stmt& bind_null(int i) { return check(sqlite3_bind_null(st_, i)); }
  template <class T>
  Stmt& bind(int i, const std::optional<T>& v) {
    return v ? bind(i, *v) : bind_null(i);
  }

  /// Steps once: true when a row is available.
  bool step() {
    const int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw sqlite_error(db_->get(), db_->file(), "cannot run a statement");
  }
  /// Runs to completion and resets for reuse.
  void run() {
    while (step()) {
    }
    reset();
  }
  void reset() {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }

  [[nodiscard]] bool is_null(int c) const { return sqlite3_column_type(st_, c) == SQLITE_NULL; }
  [[nodiscard]] std::int64_t integer(int c) const { return sqlite3_column_int64(st_, c); }
  [[nodiscard]] std::optional<std::int64_t> opt_integer(int c) const {
    return is_null(c) ? std::nullopt : std::optional<std::int64_t>(integer(c));
  }
  [[nodiscard]] std::string text(int c) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st_, c));
    return p != nullptr ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(st_, c)))
                        : std::string();
  }
  [[nodiscard]] std::string blob(int c) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(st_, c));
    return p != nullptr ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(st_, c)))
                        : std::string();
  }

 private:
  Stmt& check(int rc) {
    if (rc != SQLITE_OK) throw sqlite_error(db_->get(), db_->file(), "cannot bind a value");
    return *this;
  }
  Db* db_;
  sqlite3_stmt* st_ = nullptr;
};

/// A write transaction: BEGIN IMMEDIATE now, ROLLBACK unless commit() is called.
class Transaction {
 public:
  explicit Transaction(Db& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (!done_) {
      try {
        db_.exec("ROLLBACK");
      } catch (...) {  // nothing more can be done; SQLite rolls back on close
      }
    }
  }
  void commit() {
    db_.exec("COMMIT");
    done_ = true;
  }

 private:
  Db& db_;
  bool done_ = false;
};

}  // namespace project8::workspace::detail
