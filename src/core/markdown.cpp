// SPDX-License-Identifier: Apache-2.0
// Compiles the agenda's Markdown (include/opswheel/impl/markdown-inl.hpp) into the opswheel library.
#include <opswheel/impl/markdown-inl.hpp>
