// SPDX-License-Identifier: Apache-2.0
//
// Who may use `opswheel serve`: bearer tokens, each with a name (the actor recorded with the
// changes it makes) and a role. A viewer may read; a host may also change the wheel. Tokens are
// kept only as their SHA-256, and a presented token is compared with every kept one in constant
// time, so neither the comparison's time nor its order tells how much of a guess was right.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace opswheel_serve {

enum class Role { view, host };

/// The role's name as docs/serve.md and the API write it: "view" or "host".
std::string_view role_name(Role role) noexcept;

/// A token as given on the command line or in the environment: "NAME:SECRET" (the name is the
/// actor; the secret at least 16 characters), or a secret alone (named after its role).
struct TokenSpec {
  std::string name;
  std::string secret;
};

/// Parses "NAME:SECRET" or "SECRET". Throws InvalidArgument naming `what` (never the secret) for
/// a secret shorter than 16 characters or holding anything but printable ASCII without spaces,
/// or a name that is not a valid actor.
TokenSpec parse_token(std::string_view text, Role role, std::string_view what);

/// A fresh secret: 32 random bytes (OpenSSL's generator) as 64 hex digits.
std::string new_secret();

class Tokens {
 public:
  struct Who {
    std::string name;
    Role role;
  };
  /// Keeps `spec` for `role`. Throws InvalidArgument when its secret is already kept.
  void add(const TokenSpec& spec, Role role);
  bool empty(Role role) const noexcept;
  /// Who holds `secret`, or nothing. Takes the same time whichever token (if any) matches.
  std::optional<Who> find(std::string_view secret) const;

 private:
  struct Kept {
    std::array<unsigned char, 32> digest;
    Who who;
  };
  std::vector<Kept> kept_;
};

/// The token in an Authorization header's value "Bearer TOKEN" (the scheme in any case), or
/// nothing when the value has another form.
std::optional<std::string_view> bearer_token(std::string_view header);

}  // namespace opswheel_serve
