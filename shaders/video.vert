#version 330 core
// Draws the picture as a quad. u_quad maps the unit square to the picture's rectangle in
// normalised device coordinates (zoom and pan); u_rotation turns the texture coordinates
// by the file's display rotation (0..3 quarter turns clockwise).
layout(location = 0) in vec2 a_corner; // (0,0) .. (1,1)
uniform vec4 u_quad;                    // x0, y0, x1, y1 in NDC
uniform int u_rotation;
out vec2 v_uv;
out vec2 v_display;                     // the picture as shown, (0,0) top left .. (1,1)

void main()
{
    vec2 p = mix(u_quad.xy, u_quad.zw, a_corner);
    gl_Position = vec4(p, 0.0, 1.0);
    // a_corner.y = 0 is the top of the displayed picture.
    vec2 uv = a_corner;
    if (u_rotation == 1)
        uv = vec2(a_corner.y, 1.0 - a_corner.x);
    else if (u_rotation == 2)
        uv = vec2(1.0 - a_corner.x, 1.0 - a_corner.y);
    else if (u_rotation == 3)
        uv = vec2(1.0 - a_corner.y, a_corner.x);
    v_uv = uv;
    v_display = a_corner;
}
