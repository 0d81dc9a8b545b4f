#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace store {

// Bytes bound as a BLOB rather than TEXT (sealed text, wrapped keys).
struct Blob {
    std::string_view bytes;
};

// A prepared statement (RAII). Either owned (finalized on destruction) or borrowed from
// the Database's cache (reset and unbound on destruction, finalized by the Database).
// Bind errors are remembered and reported by the next step()/run(). Parameters are
// 1-based as in SQLite; columns 0-based. One thread at a time, like its Database.
class Statement {
public:
    Statement() = default;
    Statement(sqlite3* db, sqlite3_stmt* stmt, bool owned, std::string context);
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, Blob value);
    Statement& bind(int index, std::nullopt_t);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value)
    {
        return value ? bind(index, *value) : bind(index, std::nullopt);
    }
    // bindAll(a, b, c) binds parameters 1, 2, 3.
    template <typename... Ts>
    Statement& bindAll(const Ts&... values)
    {
        int index = 0;
        (bind(++index, values), ...);
        return *this;
    }

    // Advances: true when a row is ready, false when done.
    common::Result<bool> step();
    // Steps through every remaining row, calling onRow() for each (it reads the columns
    // through this statement); the first error ends the walk and is returned.
    template <typename OnRow>
    common::Status eachRow(OnRow&& onRow)
    {
        for (;;) {
            auto row = step();
            if (!row)
                return row.error();
            if (!*row)
                return {};
            onRow();
        }
    }
    // Steps to the end, ignoring rows (INSERT, UPDATE, DELETE).
    common::Status run();
    // Ready for another run with new bindings.
    void reset();

    bool isNull(int column) const;
    int64_t getInt(int column) const;
    double getDouble(int column) const;
    std::string getText(int column) const;
    std::optional<int64_t> getOptInt(int column) const;
    std::optional<double> getOptDouble(int column) const;
    std::optional<std::string> getOptText(int column) const;
    // The column's bytes whatever its type (TEXT or BLOB); empty for NULL.
    std::string getBytes(int column) const;
    bool isBlob(int column) const;

private:
    void release();

    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    bool m_owned = false;
    int m_bindError = 0;
    std::string m_context; // the database file, for error messages
};

} // namespace store
