// What the window says about each recording it opens (issue 10): a recording cut off before
// its end, and a file that is not the registered recording. The quick check (size and the
// first and last MiB) runs as the camera opens; the full SHA-256 follows in the background,
// its progress under the picture. Every mismatch goes to the audit log (review does that),
// and stays on screen as a red line for as long as the camera is open. And what is drawn on
// and under each registered camera's picture (issue 14): its privacy masks and subtitles.
#include "ui/review_window.hpp"

#include "common/utf8.hpp"
#include "exchange/still_masks.hpp"
#include "media/media_facts.hpp"
#include "media/sound_alignment.hpp"
#include "review/footage.hpp"
#include "review/masks.hpp"
#include "review/sha256.hpp"
#include "ui/gl.hpp"

namespace ui {

void ReviewWindow::checkOpenedCamera(int camera)
{
    const auto& info = m_player->camera(camera);
    const std::string name = info.path.filename().string();
    if (auto incomplete = media::incompleteRecordingText(info.facts); !incomplete.empty())
        m_messages.push_back(common::toValidUtf8(name) + ": " + incomplete);
    auto footageId = footageIdOf(camera);
    if (!footageId || !m_session)
        return; // a loose file: nothing registered to compare with
    auto identity = review::checkFootageIdentity(m_session->workspace(), *footageId, info.path);
    if (!identity) {
        m_messages.push_back(identity.error().describe());
        return;
    }
    if (identity->differs) {
        m_messages.push_back(common::toValidUtf8(name) + ": " + review::kNotRegisteredRecording + " (" + identity->why
                             + "): ask the chair to check the footage before relying on it.");
        return; // already known: no need to hash it
    }
    FootageHashCheck check;
    check.footageId = *footageId;
    check.name = common::toValidUtf8(name);
    auto path = info.path;
    check.job = std::make_unique<common::BackgroundJob<std::string>>(
        "footage hash",
        [path](std::stop_token stop, std::atomic<double>& progress) {
            lowerThreadPriority();
            return review::sha256File(
                path, [&](int64_t done, int64_t total) { progress = total > 0 ? double(done) / double(total) : 1.0; }, stop);
        },
        m_options.wake);
    m_footageChecks.push_back(std::move(check));
}

void ReviewWindow::pollFootageChecks()
{
    for (auto it = m_footageChecks.begin(); it != m_footageChecks.end();) {
        auto result = it->job->take();
        if (!result) {
            ++it;
            continue;
        }
        if (!*result) {
            if (result->error().code != common::ErrorCode::Cancelled)
                m_messages.push_back(it->name + ": could not be checked against its registration: "
                                     + result->error().message);
        } else if (m_session) {
            auto same = review::checkFootageHash(m_session->workspace(), it->footageId, result->value());
            if (!same)
                m_messages.push_back(same.error().describe());
            else if (!*same)
                m_messages.push_back(it->name + ": " + review::kNotRegisteredRecording
                                     + " (its content differs from the registered recording): ask the chair to check "
                                       "the footage before relying on it.");
        }
        it = m_footageChecks.erase(it);
    }
}

void ReviewWindow::footageCheckProgress(std::vector<std::string>& lines) const
{
    for (const auto& check : m_footageChecks)
        lines.push_back("Checking " + check.name + " against its registration: "
                        + std::to_string(static_cast<int>(check.job->progress() * 100)) + "%");
}

std::optional<int64_t> ReviewWindow::footageIdOf(int camera) const
{
    if (!m_session || camera < 0 || camera >= m_player->cameraCount())
        return std::nullopt;
    std::error_code ec;
    for (const review::EncounterFootage& f : m_session->encounter().footage)
        if (std::filesystem::equivalent(f.path, m_player->camera(camera).path, ec))
            return f.footageId;
    return std::nullopt;
}

// The transcript's line under the picture and the privacy masks over it, for the frame shown.
void ReviewWindow::showOverlays(int camera, CameraSnapshot& c)
{
    c.footageId = footageIdOf(camera);
    c.subtitle.clear();
    c.masks = 0;
    std::vector<ShownMask> shown;
    if (m_session && c.footageId) {
        if (m_side.subtitles)
            c.subtitle = m_session->subtitleAt(*c.footageId, c.mediaUs);
        for (const review::Mask& mask : m_session->masksAt(*c.footageId, c.mediaUs)) {
            const review::MaskBox box = *review::maskBoxAt(mask, c.mediaUs);
            shown.push_back({mask.shape == review::MaskShape::Ellipse, static_cast<float>(box.x),
                             static_cast<float>(box.y), static_cast<float>(box.w), static_cast<float>(box.h)});
        }
        c.masks = static_cast<int>(shown.size());
    }
    if (static_cast<size_t>(camera) < m_renderers.size())
        m_renderers[static_cast<size_t>(camera)]->setMasks(shown);
}

// The timeline's keyframe thumbnails show the picture too: each is blurred where the masks
// in force at its time cover it (on a copy: the thumbnails themselves stay as decoded).
void ReviewWindow::uploadThumbnails(int camera)
{
    CameraOverview& overview = m_overviews[static_cast<size_t>(camera)];
    const std::optional<int64_t> footageId = footageIdOf(camera);
    overview.masksVersion = m_session ? m_session->masksVersion() : -1;
    for (size_t k = 0; k < overview.thumbnails.size(); ++k) {
        const media::Thumbnail& thumb = overview.thumbnails[k];
        media::RgbImage image{thumb.width, thumb.height, 4, thumb.rgba};
        if (m_session && footageId)
            exchange::blurMasks(image, m_session->masksAt(*footageId, thumb.timeUs), thumb.timeUs);
        if (k >= overview.textures.size()) {
            GLuint texture = 0;
            glGenTextures(1, &texture);
            glBindTexture(GL_TEXTURE_2D, texture);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
            overview.textures.push_back(texture);
        }
        glBindTexture(GL_TEXTURE_2D, overview.textures[k]);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, thumb.width, thumb.height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                     image.pixels.data());
    }
}

void ReviewWindow::nudgeOffset(int camera, int frames)
{
    if (camera < 0 || camera >= m_player->cameraCount())
        return;
    const int64_t before = m_player->camera(camera).offsetUs;
    const int64_t after = m_player->nudgeOffset(camera, frames);
    auto footageId = footageIdOf(camera);
    if (!footageId || !m_session)
        return; // a loose file: nothing saved, nothing tagged against it
    if (auto saved = m_session->saveCameraOffset(*footageId, after); !saved) {
        m_player->setOffsetUs(camera, before);
        m_messages.push_back("The camera was not moved: " + saved.error().message);
    }
}

void ReviewWindow::alignLooseCamerasByClock()
{
    const int first = static_cast<int>(m_initialOffsetsUs.size());
    std::vector<std::optional<std::string>> clocks;
    for (int i = first; i < m_player->cameraCount(); ++i)
        clocks.push_back(m_player->camera(i).facts.creationTime);
    const auto offsets = media::offsetsFromClocks(clocks);
    for (std::size_t i = 0; i < offsets.size(); ++i)
        if (offsets[i] && m_player->camera(first + static_cast<int>(i)).offsetUs != *offsets[i])
            m_player->setOffsetUs(first + static_cast<int>(i), *offsets[i]);
}

} // namespace ui
