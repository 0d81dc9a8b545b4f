// The codebook file format: parsing with line numbers in every error, and writing. Pure
// functions over text, apart from the database (codebook.cpp), so the fuzzer reaches
// them without the rest of the review layer (tests/fuzz/codebook_fuzz.cpp).
#include "review/codebook.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"

namespace review {

using nlohmann::json;

const Code* Codebook::find(std::string_view codeId) const
{
    for (const Code& code : codes)
        if (code.id == codeId)
            return &code;
    return nullptr;
}

namespace {

int lineOf(std::string_view text, size_t offset)
{
    offset = std::min(offset, text.size());
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// Where, in valid JSON text, the top-level key `key` is (index < 0), or where element
// `index` of the array under it starts. npos when absent. nlohmann-json keeps no
// positions for values, so semantic errors find their line with this scan.
size_t locate(std::string_view text, std::string_view key, int index)
{
    int depth = 0;
    bool inString = false, escaped = false;
    size_t stringStart = 0;
    std::string lastString;
    size_t lastStringAt = std::string_view::npos;
    std::string currentKey;
    size_t currentKeyAt = std::string_view::npos;
    bool inTarget = false, expecting = false;
    int element = -1;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"') {
                inString = false;
                lastString = std::string(text.substr(stringStart, i - stringStart));
            }
            continue;
        }
        if (inTarget && depth == 2 && expecting && !std::isspace(static_cast<unsigned char>(c)) && c != ']') {
            expecting = false;
            if (++element == index)
                return i;
        }
        switch (c) {
        case '"':
            inString = true;
            stringStart = i + 1;
            lastStringAt = i;
            break;
        case ':':
            if (depth == 1) {
                currentKey = lastString;
                currentKeyAt = lastStringAt;
                if (currentKey == key && index < 0)
                    return currentKeyAt;
            }
            break;
        case '{':
        case '[':
            ++depth;
            if (depth == 2 && c == '[' && currentKey == key) {
                inTarget = true;
                expecting = true;
            }
            break;
        case '}':
        case ']':
            if (depth == 2 && inTarget)
                inTarget = false;
            --depth;
            break;
        case ',':
            if (depth == 2 && inTarget)
                expecting = true;
            break;
        default:
            break;
        }
    }
    return std::string_view::npos;
}

bool isColour(const std::string& text)
{
    if (text.size() != 7 || text[0] != '#')
        return false;
    return std::all_of(text.begin() + 1, text.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

std::string lower(std::string text)
{
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

struct ParseFailure {
    size_t offset;
    std::string reason;
};

// Throws ParseFailure.
class Reader {
public:
    Reader(std::string_view text) : m_text(text) {}

    [[noreturn]] void fail(size_t offset, std::string reason) const { throw ParseFailure{offset, std::move(reason)}; }

    size_t keyAt(std::string_view key) const
    {
        size_t at = locate(m_text, key, -1);
        return at == std::string_view::npos ? 0 : at;
    }
    size_t elementAt(std::string_view key, int index) const
    {
        size_t at = locate(m_text, key, index);
        return at == std::string_view::npos ? keyAt(key) : at;
    }

    std::string string(const json& object, const char* field, size_t at, const std::string& what, bool required,
                       bool nonEmpty = false) const
    {
        auto found = object.find(field);
        if (found == object.end() || found->is_null()) {
            if (required)
                fail(at, what + "has no \"" + field + "\"");
            return {};
        }
        if (!found->is_string())
            fail(at, what + "\"" + field + "\" must be text in quotes");
        std::string value = found->get<std::string>();
        if (nonEmpty && value.empty())
            fail(at, what + "\"" + field + "\" is empty");
        return value;
    }

private:
    std::string_view m_text;
};

Codebook readCodebook(const json& root, const Reader& in)
{
    if (!root.is_object())
        in.fail(0, "a codebook file must hold one JSON object { ... }");
    static const std::set<std::string> kTopFields = {"format", "format_version", "name", "title", "subjects", "groups", "codes"};
    for (const auto& [key, value] : root.items())
        if (!kTopFields.count(key))
            in.fail(in.keyAt(key), "unknown field \"" + key + "\"");
    if (root.contains("format") && root["format"] != "bwv-review-codebook")
        in.fail(in.keyAt("format"), "\"format\" must be \"bwv-review-codebook\"");
    if (root.contains("format_version") && root["format_version"] != 1)
        in.fail(in.keyAt("format_version"), "this bwv-review reads \"format_version\": 1 only");

    Codebook book;
    book.name = in.string(root, "name", in.keyAt("name"), "the codebook ", true, true);
    book.title = in.string(root, "title", in.keyAt("title"), "the codebook ", false);
    if (root.contains("subjects")) {
        const json& subjects = root["subjects"];
        if (!subjects.is_array() || subjects.empty())
            in.fail(in.keyAt("subjects"), "\"subjects\" must be a list of names");
        for (size_t i = 0; i < subjects.size(); ++i) {
            static const std::set<std::string> kSubjects = {"officer", "person", "other_officer", "bystander"};
            if (!subjects[i].is_string() || !kSubjects.count(subjects[i].get<std::string>()))
                in.fail(in.elementAt("subjects", static_cast<int>(i)),
                        "each subject must be one of \"officer\", \"person\", \"other_officer\", \"bystander\"");
            book.subjects.push_back(subjects[i].get<std::string>());
        }
    } else {
        book.subjects = {"officer", "person", "other_officer", "bystander"};
    }

    if (!root.contains("groups") || !root["groups"].is_array() || root["groups"].empty())
        in.fail(in.keyAt("groups"), "the codebook needs \"groups\": a list of code groups");
    std::set<std::string> groupIds;
    const json& groups = root["groups"];
    for (size_t i = 0; i < groups.size(); ++i) {
        size_t at = in.elementAt("groups", static_cast<int>(i));
        const json& g = groups[i];
        std::string what = "group " + std::to_string(i + 1) + " ";
        if (!g.is_object())
            in.fail(at, what + "must be an object { \"id\": ..., \"label\": ..., \"colour\": ... }");
        CodeGroup group;
        group.id = in.string(g, "id", at, what, true, true);
        what = "group " + group.id + ": ";
        group.label = in.string(g, "label", at, what, true, true);
        group.colour = in.string(g, "colour", at, what, true);
        if (!isColour(group.colour))
            in.fail(at, what + "\"colour\" must look like \"#d62728\"");
        for (const auto& [key, value] : g.items())
            if (key != "id" && key != "label" && key != "colour")
                in.fail(at, what + "unknown field \"" + key + "\"");
        if (!groupIds.insert(group.id).second)
            in.fail(at, "the group id " + group.id + " is used twice");
        book.groups.push_back(std::move(group));
    }

    if (!root.contains("codes") || !root["codes"].is_array() || root["codes"].empty())
        in.fail(in.keyAt("codes"), "the codebook needs \"codes\": a list of codes");
    static const std::set<std::string> kCodeFields = {"id", "label", "group", "kind", "on_form", "definition",
                                                      "source", "colour", "hotkey", "values"};
    std::set<std::string> codeIds;
    std::vector<std::pair<std::string, std::string>> hotkeys; // lower-case key, code
    const json& codes = root["codes"];
    for (size_t i = 0; i < codes.size(); ++i) {
        size_t at = in.elementAt("codes", static_cast<int>(i));
        const json& c = codes[i];
        std::string what = "code " + std::to_string(i + 1) + " ";
        if (!c.is_object())
            in.fail(at, what + "must be an object { \"id\": ..., \"label\": ..., ... }");
        Code code;
        code.id = in.string(c, "id", at, what, true, true);
        if (std::any_of(code.id.begin(), code.id.end(), [](char ch) { return std::isspace(static_cast<unsigned char>(ch)) || ch == ','; }))
            in.fail(at, "the code id \"" + code.id + "\" must not contain spaces or commas");
        what = "code " + code.id + ": ";
        for (const auto& [key, value] : c.items())
            if (!kCodeFields.count(key))
                in.fail(at, what + "unknown field \"" + key + "\"");
        code.label = in.string(c, "label", at, what, true, true);
        code.group = in.string(c, "group", at, what, true, true);
        if (!groupIds.count(code.group))
            in.fail(at, what + "its group \"" + code.group + "\" is not in \"groups\"");
        code.kind = in.string(c, "kind", at, what, true);
        if (code.kind != "point" && code.kind != "interval" && code.kind != "encounter")
            in.fail(at, what + "\"kind\" must be \"point\", \"interval\" or \"encounter\", not \"" + code.kind + "\"");
        if (c.contains("on_form")) {
            if (!c["on_form"].is_boolean())
                in.fail(at, what + "\"on_form\" must be true or false");
            code.onForm = c["on_form"].get<bool>();
        }
        if (code.kind == "encounter")
            code.onForm = true;
        code.definition = in.string(c, "definition", at, what, false);
        code.source = in.string(c, "source", at, what, false);
        code.colour = in.string(c, "colour", at, what, false);
        if (code.colour.empty()) {
            for (const CodeGroup& g : book.groups)
                if (g.id == code.group)
                    code.colour = g.colour;
        } else if (!isColour(code.colour)) {
            in.fail(at, what + "\"colour\" must look like \"#d62728\"");
        }
        std::string hotkey = in.string(c, "hotkey", at, what, false);
        if (!hotkey.empty()) {
            if (!code.isTaggable())
                in.fail(at, what + "it is asked on the encounter form only, so it cannot have a hotkey");
            if (hotkey.back() == '+' && hotkey.size() > 1 && hotkey[hotkey.size() - 2] == '+')
                in.fail(at, what + "the hotkey \"" + hotkey + "\" is not a key");
            std::string key = lower(hotkey);
            for (const auto& [other, owner] : hotkeys)
                if (other == key)
                    in.fail(at, what + "the hotkey \"" + hotkey + "\" is already used by " + owner);
            hotkeys.emplace_back(key, code.id);
            code.hotkey = hotkey;
        }
        if (c.contains("values")) {
            const json& values = c["values"];
            if (!values.is_array() || values.empty())
                in.fail(at, what + "\"values\" must be a list of the values it can take");
            for (const json& v : values) {
                if (!v.is_string() || v.get<std::string>().empty())
                    in.fail(at, what + "each of \"values\" must be text in quotes");
                code.values.push_back(v.get<std::string>());
            }
        }
        if (!codeIds.insert(code.id).second)
            in.fail(at, "the code id " + code.id + " is used twice");
        book.codes.push_back(std::move(code));
    }
    return book;
}

json codeToJson(const Code& code)
{
    json c = json::object();
    c["id"] = code.id;
    c["label"] = code.label;
    c["group"] = code.group;
    c["kind"] = code.kind;
    c["on_form"] = code.onForm;
    c["definition"] = code.definition;
    c["source"] = code.source;
    c["colour"] = code.colour;
    c["hotkey"] = code.hotkey ? json(*code.hotkey) : json(nullptr);
    if (!code.values.empty())
        c["values"] = code.values;
    return c;
}

} // namespace

common::Result<Codebook> parseCodebook(std::string_view text, std::string_view source)
{
    auto error = [&](size_t offset, const std::string& reason) {
        return common::makeError(common::ErrorCode::InvalidInput,
                                 "line " + std::to_string(lineOf(text, offset)) + ": " + reason, std::string(source));
    };
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return error(0, "the file is empty");
    json root;
    try {
        root = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        // e.byte is 1-based: the byte at which parsing stopped.
        std::string reason = e.what();
        if (size_t colon = reason.find(": ", reason.find("column")); colon != std::string::npos)
            reason = reason.substr(colon + 2);
        return error(e.byte > 0 ? e.byte - 1 : 0, "this is not valid JSON (" + reason + ")");
    } catch (const json::exception& e) {
        // #10 (fuzzing): a number beyond a double ("1e999") throws out_of_range, which
        // escaped and aborted the program. Placed at the number when the message names it.
        std::string reason = e.what();
        if (size_t bracket = reason.find("] "); bracket != std::string::npos)
            reason = reason.substr(bracket + 2);
        size_t at = 0;
        if (size_t open = reason.find('\''), close = reason.rfind('\''); open != std::string::npos && close > open)
            if (size_t found = text.find(reason.substr(open + 1, close - open - 1)); found != std::string_view::npos)
                at = found;
        return error(at, "this is not valid JSON (" + reason + ")");
    }
    Reader reader(text);
    try {
        return readCodebook(root, reader);
    } catch (const ParseFailure& failure) {
        return error(failure.offset, failure.reason);
    } catch (const json::exception& e) {
        return error(0, std::string("unexpected content (") + e.what() + ")");
    }
}

std::string codebookToJson(const Codebook& book)
{
    std::string out = "{\n";
    out += "  \"format\": \"bwv-review-codebook\",\n";
    out += "  \"format_version\": 1,\n";
    out += "  \"name\": " + common::jsonText(json(book.name)) + ",\n";
    out += "  \"title\": " + common::jsonText(json(book.title)) + ",\n";
    out += "  \"subjects\": " + common::jsonText(json(book.subjects)) + ",\n";
    out += "  \"groups\": [\n";
    for (size_t i = 0; i < book.groups.size(); ++i) {
        const CodeGroup& g = book.groups[i];
        json object = {{"id", g.id}, {"label", g.label}, {"colour", g.colour}};
        out += "    " + common::jsonText(object) + (i + 1 < book.groups.size() ? ",\n" : "\n");
    }
    out += "  ],\n  \"codes\": [\n";
    for (size_t i = 0; i < book.codes.size(); ++i)
        out += "    " + common::jsonText(codeToJson(book.codes[i])) + (i + 1 < book.codes.size() ? ",\n" : "\n");
    out += "  ]\n}\n";
    return out;
}

} // namespace review
