#include "store/statement.hpp"

#include <utility>

#include <sqlite3.h>

#include "store/sqlite_error.hpp"

namespace store {

Statement::Statement(sqlite3* db, sqlite3_stmt* stmt, bool owned, std::string context)
    : m_db(db), m_stmt(stmt), m_owned(owned), m_context(std::move(context))
{
}

Statement::Statement(Statement&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)),
      m_stmt(std::exchange(other.m_stmt, nullptr)),
      m_owned(other.m_owned),
      m_bindError(other.m_bindError),
      m_context(std::move(other.m_context))
{
}

Statement& Statement::operator=(Statement&& other) noexcept
{
    if (this != &other) {
        release();
        m_db = std::exchange(other.m_db, nullptr);
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_owned = other.m_owned;
        m_bindError = other.m_bindError;
        m_context = std::move(other.m_context);
    }
    return *this;
}

Statement::~Statement() { release(); }

void Statement::release()
{
    if (!m_stmt)
        return;
    if (m_owned) {
        sqlite3_finalize(m_stmt);
    } else {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }
    m_stmt = nullptr;
}

Statement& Statement::bind(int index, int64_t value)
{
    int rc = sqlite3_bind_int64(m_stmt, index, value);
    if (rc != SQLITE_OK && !m_bindError)
        m_bindError = rc;
    return *this;
}

Statement& Statement::bind(int index, double value)
{
    int rc = sqlite3_bind_double(m_stmt, index, value);
    if (rc != SQLITE_OK && !m_bindError)
        m_bindError = rc;
    return *this;
}

Statement& Statement::bind(int index, std::string_view value)
{
    int rc = sqlite3_bind_text64(m_stmt, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK && !m_bindError)
        m_bindError = rc;
    return *this;
}

Statement& Statement::bind(int index, Blob value)
{
    int rc = sqlite3_bind_blob64(m_stmt, index, value.bytes.data(), value.bytes.size(), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK && !m_bindError)
        m_bindError = rc;
    return *this;
}

Statement& Statement::bind(int index, std::nullopt_t)
{
    int rc = sqlite3_bind_null(m_stmt, index);
    if (rc != SQLITE_OK && !m_bindError)
        m_bindError = rc;
    return *this;
}

common::Result<bool> Statement::step()
{
    if (m_bindError)
        return sqliteError(m_db, m_bindError, m_context);
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    common::Error error = sqliteError(m_db, rc, m_context);
    sqlite3_reset(m_stmt);
    return error;
}

common::Status Statement::run()
{
    for (;;) {
        auto row = step();
        if (!row)
            return row.error();
        if (!*row)
            return {};
    }
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    m_bindError = 0;
}

bool Statement::isNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }
int64_t Statement::getInt(int column) const { return sqlite3_column_int64(m_stmt, column); }
double Statement::getDouble(int column) const { return sqlite3_column_double(m_stmt, column); }

std::string Statement::getText(int column) const
{
    const unsigned char* text = sqlite3_column_text(m_stmt, column);
    if (!text)
        return {};
    return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(sqlite3_column_bytes(m_stmt, column)));
}

std::string Statement::getBytes(int column) const
{
    const void* bytes = sqlite3_column_blob(m_stmt, column);
    if (!bytes)
        return {};
    return std::string(static_cast<const char*>(bytes), static_cast<size_t>(sqlite3_column_bytes(m_stmt, column)));
}

bool Statement::isBlob(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_BLOB; }

std::optional<int64_t> Statement::getOptInt(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return getInt(column);
}

std::optional<double> Statement::getOptDouble(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return getDouble(column);
}

std::optional<std::string> Statement::getOptText(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return getText(column);
}

} // namespace store
