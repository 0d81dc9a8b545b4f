#version 330 core
// YUV (one texture per plane) to RGB with the frame's own matrix and range, then the
// night-footage adjustments. See ui/video_renderer.cpp for how the uniforms are derived.
in vec2 v_uv;
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
void main()
{
    // No branches around the samples: llvmpipe would run every side of them. Every
    // sampler has a texture bound (see VideoRenderer::drawDirect) and uniforms select.
    float y = sampleAt(u_planeY, v_uv).r;
    vec2 uv = sampleAt(u_planeU, v_uv).rg;
    float v = sampleAt(u_planeV, v_uv).r;
    vec2 c = mix(vec2(uv.r, v), uv, u_semiPlanar);
    vec3 yuv = vec3(y, c) * u_sampleScale;
    yuv.yz = mix(u_offset.yz, yuv.yz, u_hasChroma);
    yuv = (yuv - u_offset) * u_scale;
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
