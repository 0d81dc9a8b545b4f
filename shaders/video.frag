#version 330 core
// YUV (one texture per plane) to RGB with the frame's own matrix and range, then the
// night-footage adjustments. See ui/video_renderer.cpp for how the uniforms are derived.
in vec2 v_uv;
in vec2 v_display;              // the picture as shown (rotation applied), 0..1 from top left
out vec4 o_color;

uniform sampler2D u_planeY;
uniform sampler2D u_planeU;     // U, or interleaved UV (u_semiPlanar)
uniform sampler2D u_planeV;
uniform float u_semiPlanar;     // 1: the U texture holds interleaved UV (NV12/P010)
uniform float u_hasChroma;      // 0: gray
uniform float u_sampleScale;    // stored sample -> fraction of the largest code
uniform vec3 u_offset;          // per component, in fractions of the largest code
uniform vec3 u_scale;           // to Y' in 0..1 and Cb/Cr in -0.5..0.5
uniform mat3 u_matrix;          // Y'CbCr -> R'G'B'
uniform float u_exposure;       // stops
uniform float u_contrast;       // 1 = unchanged
uniform float u_gamma;          // 1 = unchanged
uniform int u_adjust;           // 0: all three neutral, skip them (llvmpipe pays per pixel)

// Privacy masks (review/masks.hpp): inside each shape the picture is replaced by cells,
// each the mean of 4x4 samples spread over it, laid from the box's corner. Never burnt in:
// only this drawing changes. exchange/still_masks.cpp does the same for PNG stills.
const int kMaxMasks = 8;
uniform int u_maskCount;                // 0: no mask shows on this frame
uniform vec4 u_maskBox[kMaxMasks];      // x, y, width, height in fractions of the picture shown
uniform vec2 u_maskCell[kMaxMasks];     // a cell's width and height in those fractions
uniform int u_maskEllipse[kMaxMasks];   // 1: ellipse inside the box, 0: the box
uniform int u_rotation;                 // quarter turns clockwise, as in video.vert

// FAST_SAMPLING (defined by the renderer for the playback variant): nearest samples with
// texelFetch, about half the cost of bilinear ones on llvmpipe, where this pass is bound
// by texture sampling. Stills use the bilinear variant.
#ifdef FAST_SAMPLING
vec4 sampleAt(sampler2D plane, vec2 uv)
{
    ivec2 size = textureSize(plane, 0);
    return texelFetch(plane, clamp(ivec2(uv * vec2(size)), ivec2(0), size - ivec2(1)), 0);
}
#else
vec4 sampleAt(sampler2D plane, vec2 uv)
{
    return texture(plane, uv);
}
#endif

#ifdef SCALE_UP
// The picture shaded at half resolution (PictureView::halfResolution) into a texture whose
// first row is the bottom, drawn at full size with bilinear filtering.
void main()
{
    o_color = vec4(texture(u_planeY, vec2(v_uv.x, 1.0 - v_uv.y)).rgb, 1.0);
}
#else
// Y'CbCr of the stored picture at `uv`, offsets and scale applied: linear in the samples,
// so a mean of these is the mean colour.
vec3 yuvAt(vec2 uv)
{
    // No branches around the samples: llvmpipe would run every side of them. Every
    // sampler has a texture bound (see VideoRenderer::drawDirect) and uniforms select.
    float y = sampleAt(u_planeY, uv).r;
    vec2 cbcr = sampleAt(u_planeU, uv).rg;
    float v = sampleAt(u_planeV, uv).r;
    vec2 c = mix(vec2(cbcr.r, v), cbcr, u_semiPlanar);
    vec3 yuv = vec3(y, c) * u_sampleScale;
    yuv.yz = mix(u_offset.yz, yuv.yz, u_hasChroma);
    return (yuv - u_offset) * u_scale;
}

// The stored picture's coordinates of a point of the picture as shown (video.vert's turn).
vec2 storedUv(vec2 d)
{
    if (u_rotation == 1)
        return vec2(d.y, 1.0 - d.x);
    if (u_rotation == 2)
        return vec2(1.0 - d.x, 1.0 - d.y);
    if (u_rotation == 3)
        return vec2(1.0 - d.y, d.x);
    return d;
}

vec3 maskedYuv(vec3 yuv)
{
    for (int i = 0; i < kMaxMasks; ++i) {
        if (i >= u_maskCount)
            break;
        vec4 box = u_maskBox[i];
        vec2 inside = (v_display - box.xy) / box.zw; // 0..1 across the box
        if (any(lessThan(inside, vec2(0.0))) || any(greaterThan(inside, vec2(1.0))))
            continue;
        vec2 fromCentre = inside * 2.0 - 1.0;
        if (u_maskEllipse[i] == 1 && dot(fromCentre, fromCentre) > 1.0)
            continue;
        vec2 cell = u_maskCell[i];
        vec2 corner = box.xy + floor((v_display - box.xy) / cell) * cell;
        vec3 sum = vec3(0.0);
        for (int sy = 0; sy < 4; ++sy)
            for (int sx = 0; sx < 4; ++sx) {
                vec2 d = clamp(corner + (vec2(sx, sy) + 0.5) * 0.25 * cell, vec2(0.0), vec2(1.0));
                sum += yuvAt(storedUv(d));
            }
        return sum / 16.0;
    }
    return yuv;
}

void main()
{
    vec3 yuv = yuvAt(v_uv);
    // A branch on a uniform takes the same side for every pixel: unmasked frames pay nothing.
    if (u_maskCount > 0)
        yuv = maskedYuv(yuv);
    vec3 rgb = u_matrix * yuv;
    // A branch on a uniform takes the same side for every pixel: llvmpipe skips the side
    // no pixel takes, and pow() per pixel is what a neutral picture does not need.
    if (u_adjust != 0) {
        rgb = (rgb * exp2(u_exposure) - 0.5) * u_contrast + 0.5;
        rgb = pow(clamp(rgb, 0.0, 1.0), vec3(1.0 / u_gamma));
    }
    o_color = vec4(clamp(rgb, 0.0, 1.0), 1.0);
}
#endif
