#version 330 core
// YUV (one texture per plane) to RGB with the frame's own matrix and range, then the
// night-footage adjustments. See ui/video_renderer.cpp for how the uniforms are derived.
in vec2 v_uv;
out vec4 o_color;

uniform sampler2D u_planeY;
uniform sampler2D u_planeU;     // U, or interleaved UV when u_planeCount == 2
uniform sampler2D u_planeV;
uniform int u_planeCount;       // 1 gray, 2 semi-planar (NV12/P010), 3 planar
uniform float u_sampleScale;    // stored sample -> fraction of the largest code
uniform vec3 u_offset;          // per component, in fractions of the largest code
uniform vec3 u_scale;           // to Y' in 0..1 and Cb/Cr in -0.5..0.5
uniform mat3 u_matrix;          // Y'CbCr -> R'G'B'
uniform float u_exposure;       // stops
uniform float u_contrast;       // 1 = unchanged
uniform float u_gamma;          // 1 = unchanged
uniform int u_adjust;           // 0: all three neutral, skip them (llvmpipe pays per pixel)

void main()
{
    float y = texture(u_planeY, v_uv).r;
    vec2 c = vec2(0.5, 0.5);
    if (u_planeCount == 2) {
        c = texture(u_planeU, v_uv).rg;
    } else if (u_planeCount == 3) {
        c = vec2(texture(u_planeU, v_uv).r, texture(u_planeV, v_uv).r);
    }
    vec3 yuv = vec3(y, c) * u_sampleScale;
    if (u_planeCount == 1)
        yuv.yz = u_offset.yz; // gray: no colour
    yuv = (yuv - u_offset) * u_scale;
    vec3 rgb = u_matrix * yuv;
    if (u_adjust != 0) {
        rgb *= exp2(u_exposure);
        rgb = (rgb - 0.5) * u_contrast + 0.5;
        rgb = pow(clamp(rgb, 0.0, 1.0), vec3(1.0 / u_gamma));
    }
    o_color = vec4(clamp(rgb, 0.0, 1.0), 1.0);
}
