#include "player/tempo_filter.hpp"

#include <cstdio>
#include <cstring>
#include <string>

extern "C" {
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libavutil/opt.h>
}

#include "player/speed.hpp"

namespace player {
namespace {

common::Error filterError(const char* what, int code)
{
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return common::makeError(common::ErrorCode::Internal, std::string(what) + ": " + text, "audio tempo");
}

} // namespace

struct TempoFilter::Graph {
    AVFilterGraph* graph = nullptr;
    AVFilterContext* source = nullptr;
    AVFilterContext* sink = nullptr;
    AVFrame* frame = nullptr;
    ~Graph()
    {
        av_frame_free(&frame);
        avfilter_graph_free(&graph);
    }
};

TempoFilter::TempoFilter(int sampleRate, int channels) : m_sampleRate(sampleRate), m_channels(channels) {}
TempoFilter::~TempoFilter() = default;

common::Status TempoFilter::configure(double speed)
{
    m_graph.reset();
    m_speed = speed;
    m_samplesIn = 0;
    std::string chain = atempoChain(speed);
    if (chain.empty())
        return {};

    auto graph = std::make_unique<Graph>();
    graph->graph = avfilter_graph_alloc();
    graph->frame = av_frame_alloc();
    if (!graph->graph || !graph->frame)
        return common::makeError(common::ErrorCode::Internal, "out of memory", "audio tempo");
    char args[256];
    std::snprintf(args, sizeof args, "time_base=1/%d:sample_rate=%d:sample_fmt=flt:channel_layout=%s", m_sampleRate,
                  m_sampleRate, m_channels == 1 ? "mono" : "stereo");
    int rc = avfilter_graph_create_filter(&graph->source, avfilter_get_by_name("abuffer"), "in", args, nullptr,
                                          graph->graph);
    if (rc < 0)
        return filterError("abuffer", rc);
    rc = avfilter_graph_create_filter(&graph->sink, avfilter_get_by_name("abuffersink"), "out", nullptr, nullptr,
                                      graph->graph);
    if (rc < 0)
        return filterError("abuffersink", rc);
    const AVSampleFormat formats[] = {AV_SAMPLE_FMT_FLT, AV_SAMPLE_FMT_NONE};
    rc = av_opt_set_int_list(graph->sink, "sample_fmts", formats, AV_SAMPLE_FMT_NONE, AV_OPT_SEARCH_CHILDREN);
    if (rc < 0)
        return filterError("sample format", rc);

    AVFilterInOut* outputs = avfilter_inout_alloc();
    AVFilterInOut* inputs = avfilter_inout_alloc();
    outputs->name = av_strdup("in");
    outputs->filter_ctx = graph->source;
    inputs->name = av_strdup("out");
    inputs->filter_ctx = graph->sink;
    rc = avfilter_graph_parse_ptr(graph->graph, chain.c_str(), &inputs, &outputs, nullptr);
    avfilter_inout_free(&inputs);
    avfilter_inout_free(&outputs);
    if (rc < 0)
        return filterError("atempo chain", rc);
    rc = avfilter_graph_config(graph->graph, nullptr);
    if (rc < 0)
        return filterError("configure", rc);
    m_graph = std::move(graph);
    return {};
}

common::Status TempoFilter::process(const float* samples, int frames, std::vector<float>& out)
{
    if (!m_graph) {
        out.insert(out.end(), samples, samples + static_cast<size_t>(frames) * static_cast<size_t>(m_channels));
        return {};
    }
    AVFrame* in = av_frame_alloc();
    if (!in)
        return common::makeError(common::ErrorCode::Internal, "out of memory", "audio tempo");
    in->format = AV_SAMPLE_FMT_FLT;
    in->sample_rate = m_sampleRate;
    av_channel_layout_default(&in->ch_layout, m_channels);
    in->nb_samples = frames;
    in->pts = m_samplesIn;
    m_samplesIn += frames;
    int rc = av_frame_get_buffer(in, 0);
    if (rc < 0) {
        av_frame_free(&in);
        return filterError("buffer", rc);
    }
    std::memcpy(in->data[0], samples, sizeof(float) * static_cast<size_t>(frames) * static_cast<size_t>(m_channels));
    rc = av_buffersrc_add_frame(m_graph->source, in); // takes the reference
    av_frame_free(&in);
    if (rc < 0)
        return filterError("feed", rc);
    for (;;) {
        rc = av_buffersink_get_frame(m_graph->sink, m_graph->frame);
        if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
            break;
        if (rc < 0)
            return filterError("drain", rc);
        const float* data = reinterpret_cast<const float*>(m_graph->frame->data[0]);
        out.insert(out.end(), data, data + static_cast<size_t>(m_graph->frame->nb_samples) * static_cast<size_t>(m_channels));
        av_frame_unref(m_graph->frame);
    }
    return {};
}

} // namespace player
