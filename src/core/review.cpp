// SPDX-License-Identifier: Apache-2.0
// Compiles the review template's and records' checks (include/opswheel/impl/review-inl.hpp) into the opswheel library.
#include <opswheel/impl/review-inl.hpp>
