#include "review/encounter_form.hpp"

#include <cctype>
#include <cstdlib>

#include "review/codebook.hpp"
#include "review/time_text.hpp"

namespace review {
namespace {

const std::vector<FormField>& fields()
{
    static const std::vector<FormField> kFields = {
        {"force", "Force", FieldKind::Text, {}, false},
        {"bcu", "BCU", FieldKind::Text, {}, false},
        {"borough", "Borough", FieldKind::Text, {}, false},
        {"date", "Date", FieldKind::Date, {}, false},
        {"time_of_day", "Time of day", FieldKind::Choice, {"night", "morning", "afternoon", "evening"}, false},
        {"search_type", "Search type", FieldKind::Choice, {"person", "vehicle", "person_and_vehicle"}, false},
        {"legislation", "Legislation", FieldKind::Choice,
         {"misuse_of_drugs_act_1971_s23", "pace_1984_s1", "criminal_justice_and_public_order_act_1994_s60",
          "firearms_act_1968_s47", "psychoactive_substances_act_2016_s36", "other"},
         false},
        {"object_of_search", "Object of search", FieldKind::Choice,
         {"controlled_drugs", "offensive_weapons", "stolen_goods", "firearms", "articles_for_criminal_damage", "other"},
         false},
        {"grounds_summary", "Grounds summary", FieldKind::Text, {}, true},
        {"grounds_flags", "Grounds", FieldKind::Choices,
         {"smell_of_cannabis_only", "intelligence", "behaviour", "description_match", "other"}, false},
        {"age_range", "Age range", FieldKind::Choice, {"under_10", "10_17", "18_24", "25_34", "over_34", "unknown"}, false},
        {"gender", "Gender", FieldKind::Choice, {"male", "female", "other", "unknown"}, false},
        {"self_defined_ethnicity", "Self-defined ethnicity", FieldKind::Text, {}, false},
        {"officer_defined_ethnicity", "Officer-defined ethnicity", FieldKind::Choice,
         {"white", "black", "asian", "mixed", "other"}, false},
        {"more_than_outer_clothing", "More than outer clothing removed", FieldKind::Choice, {"yes", "no"}, false},
        {"intimate_parts_exposed", "Intimate parts exposed", FieldKind::Choice, {"yes", "no"}, false},
        {"appropriate_adult", "Appropriate adult", FieldKind::Choice, {"yes", "no", "not_required", "unclear"}, false},
        {"handcuffed", "Handcuffed", FieldKind::Choice, {"no", "compliant", "non_compliant"}, false},
        {"outcome", "Outcome", FieldKind::Choice,
         {"no_further_action", "arrest", "community_resolution", "caution", "khat_or_cannabis_warning",
          "penalty_notice", "summons_or_charged_by_post"},
         false},
        {"outcome_linked_to_object", "Outcome linked to object of search", FieldKind::Choice, {"yes", "no", "unknown"},
         false},
        {"camera_coverage", "Camera coverage", FieldKind::Choices,
         {"full", "started_late", "gaps", "ended_early", "no_audio"}, false},
        {"footage_minutes", "Footage minutes", FieldKind::Number, {}, false},
    };
    return kFields;
}

// "Person and Vehicle" -> "person_and_vehicle"; "10-17" -> "10_17".
std::string canonical(std::string_view text)
{
    std::string out;
    bool gap = false;
    for (char c : text) {
        unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u)) {
            if (gap && !out.empty())
                out += '_';
            gap = false;
            out += static_cast<char>(std::tolower(u));
        } else if (c != '.' && c != '\'') {
            gap = true;
        }
    }
    return out;
}

std::string trim(std::string_view text)
{
    size_t begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string_view::npos)
        return {};
    size_t end = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(begin, end - begin + 1));
}

std::string listChoices(const std::vector<std::string>& choices)
{
    std::string out;
    for (size_t i = 0; i < choices.size(); ++i)
        out += (i ? ", " : "") + choices[i];
    return out;
}

common::Result<std::string> matchChoice(std::string_view field, std::string_view value,
                                        const std::vector<std::string>& choices)
{
    std::string wanted = canonical(value);
    for (const std::string& choice : choices)
        if (canonical(choice) == wanted)
            return choice;
    return common::makeError(common::ErrorCode::Usage, "\"" + std::string(value) + "\" is not a value of "
                                                           + std::string(field) + " (use one of: " + listChoices(choices) + ")");
}

} // namespace

std::span<const FormField> encounterFormFields() { return fields(); }

const FormField* findFormField(std::string_view name)
{
    for (const FormField& field : fields())
        if (field.name == name)
            return &field;
    return nullptr;
}

common::Result<std::string> normaliseFormValue(std::string_view name, std::string_view rawValue, const Codebook& codebook)
{
    std::string value = trim(rawValue);
    if (value.empty())
        return std::string();
    if (const FormField* field = findFormField(name)) {
        std::vector<std::string> choices(field->choices.begin(), field->choices.end());
        switch (field->kind) {
        case FieldKind::Text:
            return value;
        case FieldKind::Date:
            if (!isIsoDate(value))
                return common::makeError(common::ErrorCode::Usage,
                                         "\"" + value + "\" is not a date: write it as YYYY-MM-DD");
            return value;
        case FieldKind::Number: {
            char* end = nullptr;
            double number = std::strtod(value.c_str(), &end);
            if (end == value.c_str() || *end != '\0' || number < 0)
                return common::makeError(common::ErrorCode::Usage,
                                         "\"" + value + "\" is not a number for " + std::string(name));
            return value;
        }
        case FieldKind::Choice:
            return matchChoice(name, value, choices);
        case FieldKind::Choices: {
            std::string out;
            size_t start = 0;
            while (start <= value.size()) {
                size_t comma = value.find(',', start);
                std::string part = trim(value.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
                if (!part.empty()) {
                    auto choice = matchChoice(name, part, choices);
                    if (!choice)
                        return choice.error();
                    if (("," + out + ",").find("," + *choice + ",") == std::string::npos)
                        out += (out.empty() ? "" : ",") + *choice;
                }
                if (comma == std::string::npos)
                    break;
                start = comma + 1;
            }
            return out;
        }
        }
    }
    if (const Code* code = codebook.find(name); code && code->onForm) {
        std::vector<std::string> choices = code->values.empty() ? std::vector<std::string>{"yes", "no", "unclear"} : code->values;
        return matchChoice(name, value, choices);
    }
    std::string known;
    for (const FormField& field : fields())
        known += (known.empty() ? "" : ", ") + std::string(field.name);
    return common::makeError(common::ErrorCode::Usage,
                             "\"" + std::string(name) + "\" is not a field of the encounter form (fields: " + known
                                 + ", or a code asked per encounter such as PAC.G)");
}

} // namespace review
