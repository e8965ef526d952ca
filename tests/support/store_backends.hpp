// SPDX-License-Identifier: Apache-2.0
//
// The backends the store's conformance suite runs against (docs/testing.md): SQLite always, and
// PostgreSQL when OPSWHEEL_TEST_POSTGRES holds a server's URL (ctest's fixture `postgres` sets it).
// A test takes `StorePlace place(GENERATE(from_range(store_backends())));` and asks it for the
// locations of its stores: files in a temporary directory, or fresh schemas of the server's
// database, dropped when the place goes. A server that does not answer fails the test: the
// PostgreSQL half is never skipped once it is asked for.
#pragma once

#include <atomic>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#ifdef OPSWHEEL_TEST_HAS_POSTGRES
#include <libpq-fe.h>
#include <unistd.h>
#endif

#include "store_helpers.hpp"

namespace opswheel_test {

/// The PostgreSQL server the tests use (OPSWHEEL_TEST_POSTGRES), or "" for none.
inline std::string postgres_url() {
  const char* url = std::getenv("OPSWHEEL_TEST_POSTGRES");
  return url ? url : "";
}

/// "sqlite", and "postgresql" when the tests have a server.
inline std::vector<std::string> store_backends() {
  std::vector<std::string> out{"sqlite"};
  if (!postgres_url().empty()) out.push_back("postgresql");
  return out;
}

#ifdef OPSWHEEL_TEST_HAS_POSTGRES
/// A plain libpq connection to the tests' server, bypassing the Store (to tamper with a store,
/// look at it, or make schemas that are not stores).
class RawPg {
 public:
  explicit RawPg(const std::string& url = postgres_url()) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK)
      throw std::runtime_error("cannot connect to the test server " + url + ": " + PQerrorMessage(conn_));
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);  // DROP ... CASCADE's chatter
  }
  RawPg(const RawPg&) = delete;
  RawPg& operator=(const RawPg&) = delete;
  ~RawPg() { PQfinish(conn_); }

  /// Runs `sql` (one or more statements, no parameters: the tests' own text).
  void exec(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    const auto status = PQresultStatus(r);
    const std::string why = PQresultErrorMessage(r);
    PQclear(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw std::runtime_error(sql + ": " + why);
  }
  /// The first column of the first row of `sql` as an integer (-1 for no row).
  long long integer(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
      const std::string why = PQresultErrorMessage(r);
      PQclear(r);
      throw std::runtime_error(sql + ": " + why);
    }
    const long long value = PQntuples(r) > 0 ? std::atoll(PQgetvalue(r, 0, 0)) : -1;
    PQclear(r);
    return value;
  }
  PGconn* get() const { return conn_; }

 private:
  PGconn* conn_;
};
#endif

/// Where one test keeps its stores on one backend.
class StorePlace {
 public:
  explicit StorePlace(std::string backend) : backend_(std::move(backend)) {
    if (backend_ == "postgresql") {
      url_ = postgres_url();
      if (url_.empty()) throw std::runtime_error("OPSWHEEL_TEST_POSTGRES is not set");
#ifndef OPSWHEEL_TEST_HAS_POSTGRES
      throw std::runtime_error("OPSWHEEL_TEST_POSTGRES is set but these tests were built without PostgreSQL");
#endif
    }
  }
  StorePlace(const StorePlace&) = delete;
  StorePlace& operator=(const StorePlace&) = delete;
  ~StorePlace() {
#ifdef OPSWHEEL_TEST_HAS_POSTGRES
    if (schemas_.empty()) return;
    try {
      RawPg pg(url_);
      for (const auto& s : schemas_) pg.exec("DROP SCHEMA IF EXISTS " + s + " CASCADE");
    } catch (...) {  // a test that lost its server has failed already
    }
#endif
  }

  const std::string& backend() const { return backend_; }
  bool postgres() const { return backend_ == "postgresql"; }

  /// The location of the store called `name` in this place: the file `name` in a temporary
  /// directory, or a schema of its own (made of `name`, this process and a counter).
  std::string location(const std::string& name = "ops") {
    if (!postgres()) return dir_.file(name);
    return url_ + (url_.find('?') == std::string::npos ? "?" : "&") + "schema=" + schema(name);
  }

  /// The schema of location(name) (PostgreSQL only).
  std::string schema(const std::string& name) {
    for (const auto& [n, s] : names_)
      if (n == name) return s;
    static std::atomic<int> counter{0};
    std::string s = "t";
#ifdef OPSWHEEL_TEST_HAS_POSTGRES
    s += std::to_string(::getpid());
#endif
    s += "_" + std::to_string(counter++) + "_";
    for (char c : name) s += (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_';
    s = s.substr(0, 63);
    names_.emplace_back(name, s);
    schemas_.push_back(s);
    return s;
  }

  /// `bytes` as a SQL literal of the backend's blob type.
  std::string blob_literal(const std::string& bytes) const {
    static const char* hex = "0123456789abcdef";
    std::string digits;
    for (const unsigned char c : bytes) {
      digits += hex[c >> 4];
      digits += hex[c & 15];
    }
    return postgres() ? "'\\x" + digits + "'::bytea" : "x'" + digits + "'";
  }

  /// Runs `sql` on the store at location(name), bypassing the Store.
  void exec(const std::string& name, const std::string& sql) {
    if (!postgres()) return RawDb(dir_.file(name)).exec(sql);
#ifdef OPSWHEEL_TEST_HAS_POSTGRES
    RawPg pg(url_);
    pg.exec("SET search_path TO " + schema(name));
    pg.exec(sql);
#endif
  }
  /// The first column of the first row of `sql` on the store at location(name), as an integer.
  long long integer(const std::string& name, const std::string& sql) {
    if (!postgres()) return RawDb(dir_.file(name)).integer(sql);
#ifdef OPSWHEEL_TEST_HAS_POSTGRES
    RawPg pg(url_);
    pg.exec("SET search_path TO " + schema(name));
    return pg.integer(sql);
#else
    return -1;
#endif
  }

 private:
  std::string backend_;
  std::string url_;
  TempDir dir_;
  std::vector<std::pair<std::string, std::string>> names_;
  std::vector<std::string> schemas_;
};

}  // namespace opswheel_test
