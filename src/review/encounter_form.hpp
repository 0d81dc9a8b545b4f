#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace review {

struct Codebook;

// The encounter form of CODEBOOK.md, aligned with national stop-and-search open data.
// Values are stored canonical: choice ids in snake_case ("person_and_vehicle"), several
// choices joined by commas, dates as YYYY-MM-DD.
enum class FieldKind { Text, Choice, Choices, Date, Number };

struct FormField {
    std::string_view name;  // "search_type"
    std::string_view label; // "Search type"
    FieldKind kind = FieldKind::Text;
    std::vector<std::string_view> choices;
    bool mayHoldNames = false; // free text that may leak personal details (warn in exports)
};

std::span<const FormField> encounterFormFields();
const FormField* findFormField(std::string_view name);

// The canonical value of `value` for the field, or a Usage error in plain words listing
// what is allowed. Choice values are matched loosely: "Person and Vehicle",
// "person-and-vehicle" and "person_and_vehicle" are the same. An empty value clears.
// `name` may also be a codebook code asked on the form (kind encounter or on_form):
// yes / no / unclear, or the code's own values.
common::Result<std::string> normaliseFormValue(std::string_view name, std::string_view value, const Codebook& codebook);

} // namespace review
