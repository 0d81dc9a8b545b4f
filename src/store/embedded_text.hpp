#pragma once

namespace store {

// A text file compiled into the executable (see embed_text.cmake).
struct EmbeddedText {
    const char* name; // file name without folder, e.g. "0001_init.sql"
    const char* text;
};

} // namespace store
