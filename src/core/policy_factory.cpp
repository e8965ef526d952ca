// SPDX-License-Identifier: Apache-2.0
// Compiles make_policy and the built-in policies (include/opswheel/impl/policy_factory-inl.hpp).
#include <opswheel/impl/policy_factory-inl.hpp>
