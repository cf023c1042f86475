/// \file
/// The Arrow C Data Interface and C Stream Interface structures, exactly as the
/// Arrow specification declares them
/// (https://arrow.apache.org/docs/format/CDataInterface.html and
/// CStreamInterface.html), with its include guards, so that they coexist with
/// Arrow's or nanoarrow's own declaration of the same ABI. A C header (C99):
/// the C API (<project8/project8.h>) and the C++ one (<project8/data/arrow.hpp>)
/// both include it.
#ifndef PROJECT8_DATA_ARROW_ABI_H
#define PROJECT8_DATA_ARROW_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef ARROW_C_DATA_INTERFACE
/// Set once the C Data Interface structures are declared (the specification's guard).
#define ARROW_C_DATA_INTERFACE

/// Flag of ArrowSchema::flags: dictionary indices are ordered.
#define ARROW_FLAG_DICTIONARY_ORDERED 1
/// Flag of ArrowSchema::flags: the field may have missing values.
#define ARROW_FLAG_NULLABLE 2
/// Flag of ArrowSchema::flags: a map's keys are sorted.
#define ARROW_FLAG_MAP_KEYS_SORTED 4

/// The type of an array (Arrow C Data Interface).
struct ArrowSchema {
  const char* format;              ///< The type, as a format string (e.g. `l` for int64).
  const char* name;                ///< The field name, or null.
  const char* metadata;            ///< Binary-encoded key-value metadata, or null.
  int64_t flags;                   ///< ARROW_FLAG_* bits.
  int64_t n_children;              ///< Number of child types.
  struct ArrowSchema** children;   ///< The child types.
  struct ArrowSchema* dictionary;  ///< The values' type of a dictionary-encoded array, or null.
  void (*release)(struct ArrowSchema*);  ///< Frees it; null once released.
  void* private_data;                    ///< The producer's own data.
};

/// The data of an array (Arrow C Data Interface).
struct ArrowArray {
  int64_t length;                       ///< Number of elements.
  int64_t null_count;                   ///< Number of missing elements, or -1 when not computed.
  int64_t offset;                       ///< Elements to skip at the start of the buffers.
  int64_t n_buffers;                    ///< Number of buffers.
  int64_t n_children;                   ///< Number of children.
  const void** buffers;                 ///< The buffers (validity first).
  struct ArrowArray** children;         ///< The child arrays.
  struct ArrowArray* dictionary;        ///< The values of a dictionary-encoded array, or null.
  void (*release)(struct ArrowArray*);  ///< Frees it; null once released.
  void* private_data;                   ///< The producer's own data.
};

#endif  // ARROW_C_DATA_INTERFACE

#ifndef ARROW_C_STREAM_INTERFACE
/// Set once the C Stream Interface structure is declared (the specification's guard).
#define ARROW_C_STREAM_INTERFACE

/// A stream of arrays of one type (Arrow C Stream Interface).
struct ArrowArrayStream {
  /// The type of every array; 0 on success, an errno value otherwise.
  int (*get_schema)(struct ArrowArrayStream*, struct ArrowSchema* out);
  /// The next array (released — `release` null — at the end); 0 on success.
  int (*get_next)(struct ArrowArrayStream*, struct ArrowArray* out);
  /// The last error's message, or null.
  const char* (*get_last_error)(struct ArrowArrayStream*);
  /// Frees it; null once released.
  void (*release)(struct ArrowArrayStream*);
  void* private_data;  ///< The producer's own data.
};

#endif  // ARROW_C_STREAM_INTERFACE

#ifdef __cplusplus
}
#endif

#endif /* PROJECT8_DATA_ARROW_ABI_H */
