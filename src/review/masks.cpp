#include "review/masks.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "review/footage.hpp"
#include "review/ids.hpp"
#include "review/time_text.hpp"
#include "review/workspace.hpp"
#include "store/database.hpp"

namespace review {
namespace {

constexpr double kEdgeSlack = 1e-9; // "0.1,0.1,0.9,0.9" adds up to 1 in decimal, not in binary
constexpr std::size_t kMinPrefix = 8;
constexpr const char* kMaskColumns =
    "m.id, m.uuid, m.footage_id, f.uuid, m.shape, m.from_us, m.to_us, m.keyframes, m.created_us";

std::string keyframesJson(const std::vector<MaskKeyframe>& keyframes)
{
    nlohmann::json all = nlohmann::json::array();
    for (const MaskKeyframe& k : keyframes)
        all.push_back({k.atUs, k.box.x, k.box.y, k.box.w, k.box.h});
    return all.dump();
}

// Keyframes as stored; a value altered outside bwv-review reads as a mask over the whole
// picture: a mask that cannot be read is never taken to mean "show everything".
std::vector<MaskKeyframe> parseKeyframes(const std::string& text, int64_t fromUs)
{
    std::vector<MaskKeyframe> out;
    const auto all = nlohmann::json::parse(text, nullptr, false);
    if (all.is_array())
        for (const auto& k : all) {
            if (!k.is_array() || k.size() != 5 || !k[0].is_number_integer())
                return {{fromUs, {0, 0, 1, 1}}};
            for (std::size_t i = 1; i < 5; ++i)
                if (!k[i].is_number())
                    return {{fromUs, {0, 0, 1, 1}}};
            out.push_back({k[0].get<int64_t>(), {k[1].get<double>(), k[2].get<double>(), k[3].get<double>(), k[4].get<double>()}});
        }
    if (out.empty())
        return {{fromUs, {0, 0, 1, 1}}};
    std::sort(out.begin(), out.end(), [](const MaskKeyframe& a, const MaskKeyframe& b) { return a.atUs < b.atUs; });
    return out;
}

Mask readMask(const store::Statement& s)
{
    Mask m;
    m.id = s.getInt(0);
    m.uuid = s.getText(1);
    m.footageId = s.getInt(2);
    m.footageUuid = s.getText(3);
    m.shape = s.getText(4) == "ellipse" ? MaskShape::Ellipse : MaskShape::Rect;
    m.fromUs = s.getInt(5);
    m.toUs = s.getInt(6);
    m.keyframes = parseKeyframes(s.getText(7), m.fromUs);
    m.createdUs = s.getInt(8);
    return m;
}

common::Result<std::vector<Mask>> selectMasks(store::Database& db, const std::string& where, int64_t value)
{
    auto stmt = db.prepare(std::string("SELECT ") + kMaskColumns +
                           " FROM mask m JOIN footage f ON f.id = m.footage_id WHERE m.removed_us IS NULL" + where +
                           " ORDER BY f.uuid, m.from_us, m.id");
    if (!stmt)
        return stmt.error();
    if (!where.empty())
        stmt->bind(1, value);
    std::vector<Mask> out;
    if (auto done = stmt->eachRow([&] { out.push_back(readMask(*stmt)); }); !done)
        return done.error();
    return out;
}

bool insidePicture(const MaskBox& b)
{
    return b.x >= 0 && b.y >= 0 && b.w > 0 && b.h > 0 && b.x + b.w <= 1 + kEdgeSlack && b.y + b.h <= 1 + kEdgeSlack;
}

common::Result<double> parseFraction(std::string_view text)
{
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
        return common::makeError(common::ErrorCode::InvalidInput, "not a number");
    return value;
}

} // namespace

const char* maskShapeName(MaskShape shape) { return shape == MaskShape::Ellipse ? "ellipse" : "rect"; }

common::Result<MaskShape> parseMaskShape(std::string_view text)
{
    if (text == "rect")
        return MaskShape::Rect;
    if (text == "ellipse")
        return MaskShape::Ellipse;
    return common::makeError(common::ErrorCode::InvalidInput,
                             "a mask's shape is rect or ellipse, not \"" + std::string(text) + "\"", "--shape");
}

common::Result<MaskBox> parseMaskBox(std::string_view text, std::string_view option)
{
    const std::string sentence = "\"" + std::string(text) +
                                 "\" is not a box: give X,Y,WIDTH,HEIGHT as fractions of the picture from its top "
                                 "left, e.g. 0.25,0.1,0.2,0.3, with the box inside the picture";
    double parts[4];
    std::size_t count = 0, start = 0;
    for (;;) {
        const std::size_t comma = text.find(',', start);
        const std::string_view part = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        auto value = parseFraction(part);
        if (!value || count == 4)
            return common::makeError(common::ErrorCode::InvalidInput, sentence, std::string(option));
        parts[count++] = *value;
        if (comma == std::string_view::npos)
            break;
        start = comma + 1;
    }
    const MaskBox box{parts[0], parts[1], parts[2], parts[3]};
    if (count != 4 || !insidePicture(box))
        return common::makeError(common::ErrorCode::InvalidInput, sentence, std::string(option));
    return box;
}

common::Result<Mask> addMask(Workspace& ws, const std::string& footageRef, const NewMask& mask)
{
    if (auto allowed = ws.require(Action::MaskFootage, footageRef); !allowed)
        return allowed.error();
    auto footage = findFootage(ws, footageRef);
    if (!footage)
        return footage.error();
    if (mask.fromUs < 0 || mask.toUs <= mask.fromUs)
        return common::makeError(common::ErrorCode::InvalidInput,
                                 "a mask must end after it starts (from " + formatSeconds(mask.fromUs) + " s to " +
                                     formatSeconds(mask.toUs) + " s), at 0 s or later",
                                 "--from/--to");
    if (footage->durationUs && mask.fromUs >= *footage->durationUs)
        return common::makeError(common::ErrorCode::InvalidInput,
                                 "the mask starts at " + formatSeconds(mask.fromUs) + " s, after the recording ends (" +
                                     formatSeconds(*footage->durationUs) + " s)",
                                 "--from");
    if (!insidePicture(mask.box) || (mask.toBox && !insidePicture(*mask.toBox)))
        return common::makeError(common::ErrorCode::InvalidInput, "a mask's box must lie inside the picture", "--box");

    std::vector<MaskKeyframe> keyframes{{mask.fromUs, mask.box}};
    if (mask.toBox)
        keyframes.push_back({mask.toUs, *mask.toBox});
    const std::string uuid = newUuid();
    return ws.change(Action::MaskFootage, uuid, [&](Change& change) -> common::Result<Mask> {
        change.setAction("mask.added");
        auto insert = change.db().prepare(
            "INSERT INTO mask (uuid, footage_id, shape, from_us, to_us, keyframes, created_by, created_us)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        if (!insert)
            return insert.error();
        insert->bindAll(uuid, footage->id, maskShapeName(mask.shape), mask.fromUs, mask.toUs, keyframesJson(keyframes),
                        change.personId(), nowUs());
        if (auto done = insert->run(); !done)
            return done.error();
        const int64_t id = change.db().lastInsertRowid();
        change.seal(RowKind::Mask, {id});
        change.detail() = {{"footage", footage->uuid}, {"shape", maskShapeName(mask.shape)},
                           {"from_us", mask.fromUs}, {"to_us", mask.toUs}};
        auto added = selectMasks(change.db(), " AND m.id = ?1", id);
        if (!added)
            return added.error();
        return added->front();
    });
}

namespace {

// The mask in force named by its UUID or a prefix of 8 or more characters.
common::Result<Mask> maskInForce(Workspace& ws, const std::string& maskRef)
{
    auto all = selectMasks(ws.db(), "", 0);
    if (!all)
        return all.error();
    std::vector<const Mask*> found;
    for (const Mask& m : *all)
        if (m.uuid == maskRef || (maskRef.size() >= kMinPrefix && m.uuid.starts_with(maskRef)))
            found.push_back(&m);
    if (found.empty() && maskRef.size() < kMinPrefix)
        return common::makeError(common::ErrorCode::InvalidInput,
                                 "give at least the first 8 characters of the mask's id (see: bwv-review mask list)",
                                 maskRef);
    if (found.empty())
        return common::makeError(common::ErrorCode::NotFound,
                                 "no mask in force has this id (see: bwv-review mask list)", maskRef);
    if (found.size() > 1)
        return common::makeError(common::ErrorCode::InvalidInput,
                                 "more than one mask starts with this: give more of its id", maskRef);
    return *found.front();
}

} // namespace

common::Result<Mask> removeMask(Workspace& ws, const std::string& maskRef)
{
    if (auto allowed = ws.require(Action::MaskFootage, maskRef); !allowed)
        return allowed.error();
    auto found = maskInForce(ws, maskRef);
    if (!found)
        return found.error();
    const Mask removed = *found;
    auto done = ws.change(Action::MaskFootage, removed.uuid, [&](Change& change) -> common::Status {
        change.setAction("mask.removed");
        auto update = change.db().prepare("UPDATE mask SET removed_us = ? WHERE id = ?");
        if (!update)
            return update.error();
        update->bindAll(nowUs(), removed.id);
        if (auto ran = update->run(); !ran)
            return ran;
        change.seal(RowKind::Mask, {removed.id});
        change.detail() = {{"footage", removed.footageUuid}};
        return {};
    });
    if (!done)
        return done.error();
    return removed;
}

common::Result<Mask> moveMask(Workspace& ws, const std::string& maskRef, int64_t atUs, const MaskBox& box)
{
    if (auto allowed = ws.require(Action::MaskFootage, maskRef); !allowed)
        return allowed.error();
    auto found = maskInForce(ws, maskRef);
    if (!found)
        return found.error();
    Mask mask = *found;
    if (atUs < mask.fromUs || atUs > mask.toUs)
        return common::makeError(common::ErrorCode::InvalidInput,
                                 "the mask is shown from " + formatSeconds(mask.fromUs) + " s to " +
                                     formatSeconds(mask.toUs) + " s: move it at a time inside that span",
                                 "--at");
    if (!insidePicture(box))
        return common::makeError(common::ErrorCode::InvalidInput, "a mask's box must lie inside the picture", "--box");
    std::erase_if(mask.keyframes, [&](const MaskKeyframe& k) { return k.atUs == atUs; });
    mask.keyframes.push_back({atUs, box});
    std::sort(mask.keyframes.begin(), mask.keyframes.end(),
              [](const MaskKeyframe& a, const MaskKeyframe& b) { return a.atUs < b.atUs; });
    auto done = ws.change(Action::MaskFootage, mask.uuid, [&](Change& change) -> common::Status {
        change.setAction("mask.moved");
        auto update = change.db().prepare("UPDATE mask SET keyframes = ? WHERE id = ?");
        if (!update)
            return update.error();
        update->bindAll(keyframesJson(mask.keyframes), mask.id);
        if (auto ran = update->run(); !ran)
            return ran;
        change.seal(RowKind::Mask, {mask.id});
        change.detail() = {{"footage", mask.footageUuid}, {"at_us", atUs}, {"box", {box.x, box.y, box.w, box.h}}};
        return {};
    });
    if (!done)
        return done.error();
    return mask;
}

common::Result<std::vector<Mask>> listMasks(Workspace& ws, const std::string& footageRef)
{
    if (auto allowed = ws.require(Action::ViewFootage, footageRef); !allowed)
        return allowed.error();
    if (footageRef.empty())
        return selectMasks(ws.db(), "", 0);
    auto footage = findFootage(ws, footageRef);
    if (!footage)
        return footage.error();
    return selectMasks(ws.db(), " AND m.footage_id = ?1", footage->id);
}

common::Result<std::vector<Mask>> masksOfFootage(Workspace& ws, int64_t footageId)
{
    if (auto allowed = ws.require(Action::ViewFootage); !allowed)
        return allowed.error();
    return selectMasks(ws.db(), " AND m.footage_id = ?1", footageId);
}

common::Status recordMasksShown(Workspace& ws, int64_t footageId, std::string_view where)
{
    auto stmt = ws.db().prepare("SELECT uuid FROM footage WHERE id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, footageId);
    auto row = stmt->step();
    if (!row)
        return row.error();
    const std::string footageUuid = *row ? stmt->getText(0) : std::to_string(footageId);
    if (auto allowed = ws.require(Action::MaskFootage, footageUuid); !allowed)
        return allowed;
    auto logged = ws.recordEvent("mask.shown", footageUuid, {{"where", std::string(where)}});
    if (!logged)
        return logged.error();
    if (!*logged)
        return common::makeError(common::ErrorCode::PermissionDenied,
                                 "masked areas are not shown: this database is open read-only, so showing them could "
                                 "not be written to the audit log");
    return {};
}

common::Result<std::vector<Mask>> masksOfRecording(const std::filesystem::path& database, const std::filesystem::path& file)
{
    auto db = openForRecordingLookUp(database);
    if (!db)
        return db.error();
    auto id = recordingIdIn(*db, file);
    if (!id)
        return id.error();
    if (!id->has_value())
        return std::vector<Mask>{};
    // A database made before masks existed has no mask table: nothing masks the file.
    auto hasTable = db->prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'mask'");
    if (!hasTable)
        return hasTable.error();
    auto row = hasTable->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::vector<Mask>{};
    return selectMasks(*db, " AND m.footage_id = ?1", **id);
}

std::optional<MaskBox> maskBoxAt(const Mask& mask, int64_t mediaUs)
{
    if (mediaUs < mask.fromUs || mediaUs >= mask.toUs || mask.keyframes.empty())
        return std::nullopt;
    const auto& k = mask.keyframes;
    if (mediaUs <= k.front().atUs)
        return k.front().box;
    for (std::size_t i = 1; i < k.size(); ++i) {
        if (mediaUs > k[i].atUs)
            continue;
        const double span = static_cast<double>(k[i].atUs - k[i - 1].atUs);
        const double t = span > 0 ? static_cast<double>(mediaUs - k[i - 1].atUs) / span : 1.0;
        const MaskBox& a = k[i - 1].box;
        const MaskBox& b = k[i].box;
        return MaskBox{a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.w + (b.w - a.w) * t, a.h + (b.h - a.h) * t};
    }
    return k.back().box;
}

bool maskContains(MaskShape shape, const MaskBox& box, double fx, double fy)
{
    if (fx < box.x || fy < box.y || fx > box.x + box.w || fy > box.y + box.h)
        return false;
    if (shape == MaskShape::Rect)
        return true;
    const double dx = (fx - (box.x + box.w / 2)) / (box.w / 2);
    const double dy = (fy - (box.y + box.h / 2)) / (box.h / 2);
    return dx * dx + dy * dy <= 1.0;
}

int maskCellPixels(const MaskBox& box, int width, int height)
{
    const double shorter = std::min(box.w * width, box.h * height);
    return std::max(4, static_cast<int>(std::lround(shorter / 6.0)));
}

} // namespace review
