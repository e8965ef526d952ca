// SPDX-License-Identifier: Apache-2.0
#include "tokens.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <opswheel/detail/text.hpp>
#include <opswheel/errors.hpp>

namespace opswheel_serve {
namespace {

constexpr std::size_t min_secret = 16;

std::array<unsigned char, 32> digest_of(std::string_view text) {
  std::array<unsigned char, 32> out{};
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), out.data(), &length, EVP_sha256(), nullptr) != 1 || length != out.size())
    throw opswheel::StorageFailure("SHA-256 failed in OpenSSL");
  return out;
}

bool printable_secret(std::string_view s) {
  for (const char c : s)
    if (c <= ' ' || c > '~') return false;
  return true;
}

}  // namespace

std::string_view role_name(Role role) noexcept { return role == Role::host ? "host" : "view"; }

TokenSpec parse_token(std::string_view text, Role role, std::string_view what) {
  TokenSpec spec;
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    spec.name = role == Role::host ? "host" : "viewer";
    spec.secret = std::string(text);
  } else {
    spec.name = std::string(text.substr(0, colon));
    spec.secret = std::string(text.substr(colon + 1));
    opswheel::detail::validate_text(std::string(what) + " name", spec.name, opswheel::detail::TextKind::name);
    if (spec.name.empty()) throw opswheel::InvalidArgument(std::string(what) + ": the name before ':' is empty");
  }
  // The message never quotes the secret: error output may be logged.
  if (spec.secret.size() < min_secret || !printable_secret(spec.secret))
    throw opswheel::InvalidArgument(std::string(what) + ": a token needs at least 16 printable ASCII characters without spaces");
  return spec;
}

std::string new_secret() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw opswheel::StorageFailure("no random bytes from OpenSSL for a token");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char b : bytes) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

void Tokens::add(const TokenSpec& spec, Role role) {
  const auto digest = digest_of(spec.secret);
  for (const Kept& k : kept_)
    if (CRYPTO_memcmp(k.digest.data(), digest.data(), digest.size()) == 0)
      throw opswheel::InvalidArgument("the same token is given twice (for '" + k.who.name + "' and '" + spec.name + "')");
  kept_.push_back({digest, {spec.name, role}});
}

bool Tokens::empty(Role role) const noexcept {
  for (const Kept& k : kept_)
    if (k.who.role == role) return false;
  return true;
}

std::optional<Tokens::Who> Tokens::find(std::string_view secret) const {
  // Hashing first makes every comparison the same length; every kept token is compared, without
  // stopping at a match.
  const auto digest = digest_of(secret);
  const Kept* match = nullptr;
  for (const Kept& k : kept_)
    if (CRYPTO_memcmp(k.digest.data(), digest.data(), digest.size()) == 0) match = &k;
  if (!match) return std::nullopt;
  return match->who;
}

std::optional<std::string_view> bearer_token(std::string_view header) {
  constexpr std::string_view scheme = "bearer ";
  if (header.size() <= scheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (static_cast<char>(header[i] | 0x20) != scheme[i] && !(scheme[i] == ' ' && header[i] == ' ')) return std::nullopt;
  std::string_view token = header.substr(scheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) return std::nullopt;
  return token;
}

}  // namespace opswheel_serve
