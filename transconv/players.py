"""The explorers' static players (until they move onto the view engine).

The stepper, scatter-add and matrix players are ES modules in
``transconv/static`` (their static face: :func:`transconv.bundle.static_html`).
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json

from transconv import frames as fr
from transconv import render

__all__ = ["INVERSE_PAIRS", "OVERLAP_GRID", "SIZE_GRID", "overlap_player", "size_player"]

# --------------------------------------------------------------------------
# Explorers: every variant of a small grid as JSON, drawn by inline JavaScript
# --------------------------------------------------------------------------

#: The overlap explorer's static variants (all combinations are valid).
OVERLAP_GRID = {"kernel": range(1, 7), "stride": range(1, 4), "layers": range(1, 4)}
#: The output-size explorer's static forward grid (invalid combinations are left out).
SIZE_GRID = {"size": range(1, 9), "kernel": range(1, 6), "stride": range(1, 4),
             "padding": range(4), "output_padding": range(3), "dilation": range(1, 3)}
#: The (input size, wanted output size) pairs of the static inverse mode.
INVERSE_PAIRS = ((4, 8), (7, 14), (8, 16), (14, 28), (16, 32), (32, 64))

_SHARED_JS = """var s=document.currentScript,r=s&&s.parentNode;if(!r||!r.querySelector)r=document.getElementById("%(id)s");
var D=JSON.parse(r.querySelector('script[type="application/json"]').textContent),V=r.querySelector(".tcv-view");
function q(a){return r.querySelector('[data-act="'+a+'"]');}
function pl(n,w){return n+" "+w+(n===1?"":"s");}
"""

_OVERLAP_JS = """<script>(function(){
%(shared)s
function view(d){var lo=d.i2[d.i2.length-1][0],hi=d.i2[d.i2.length-1][1],v,j,x,y,n;
var head="Kernel "+d.k+", stride "+d.s+", "+pl(d.L,"layer")+". ";
if(d.kind==="even")v="Far from the borders every output cell is covered by the same number of kernel copies ("+hi+" in 2-D): no checkerboard.";
else if(d.kind==="holes")v="Far from the borders some output cells are covered by no kernel copy at all (0 to "+hi+" in 2-D): the output has holes.";
else v="Far from the borders the output cells are covered by "+lo+" to "+hi+" kernel copies in 2-D: some get "+d.ratio+" times as many as others, a checkerboard.";
var c1=(d.p0===0&&d.p1===d.pn-1)?"":" (cells "+d.p0+"\\u2013"+d.p1+" of "+d.pn+")";
var c2=(d.g0===0&&d.g1===d.gn-1)?"":" (rows and columns "+d.g0+"\\u2013"+d.g1+" of "+d.gn+")";
var b="";for(j=0;j<d.p.length;j++)b+='<div class="tcv-bar"><i style="height:'+d.ph[j]+'px"></i><span>'+d.p[j]+"</span></div>";
var g="";for(y=0;y<d.g.length;y++){g+="<tr>";for(x=0;x<d.g[y].length;x++)g+='<td class="l'+d.gl[y][x]+'">'+d.g[y][x]+"</td>";g+="</tr>";}
var l="";for(n=0;n<d.i1.length;n++)l+="<tr><th>"+(n+1)+"</th><td>"+d.i1[n][0]+"\\u2013"+d.i1[n][1]+"</td><td>"+d.i2[n][0]+"\\u2013"+d.i2[n][1]+"</td></tr>";
return '<p class="tcv-cap">'+head+v+'</p><figure><figcaption>1-D: copies per output cell, input of length 4'+c1+'</figcaption><div class="tcv-bars">'+b+'</div></figure><div class="tcv-panels"><figure><figcaption>2-D: copies per output cell, 4\\u00d74 input'+c2+'</figcaption><table class="tcv-grid">'+g+'</table></figure><figure><figcaption>Interior counts</figcaption><table class="tcv-grid tcv-list"><tr><th>layer</th><th>1-D</th><th>2-D</th></tr>'+l+"</table></figure></div>";}
var names=["k","s","L"];
function show(){var key=names.map(function(a){var el=q(a);r.querySelector('[data-out="'+a+'"]').textContent=el.value;return el.value;}).join(",");
V.innerHTML=view(D[key]);}
names.forEach(function(a){q(a).addEventListener("input",show);});
r.querySelector(".tcv-ctl").hidden=false;show();
})();</script>"""

_SIZE_JS = """<script>(function(){
%(shared)s
var F=["i","k","s","p","a","d"];
function val(){var v={};F.forEach(function(a){v[a]=+q(a).value;});return v;}
function has(v){return (F.map(function(a){return v[a];}).join(",")) in D.f;}
function fix(name,ok){var el=q(name),best=null;Array.prototype.forEach.call(el.options,function(o){var good=ok(+o.value);o.disabled=!good;
if(good&&(best===null||+o.value<=+el.value))best=o.value;});if(best===null)best=Array.prototype.filter.call(el.options,function(o){return !o.disabled;})[0].value;el.value=best;}
function adapt(){fix("a",function(a){var v=val();v.a=a;v.p=0;return has(v);});fix("p",function(p){var v=val();v.p=p;return has(v);});}
function fwd(v){var e=D.f[F.map(function(a){return v[a];}).join(",")],t=e[0],b=e[1],n=e[2],o=t[4],x;
var f="o = (i \\u2212 1)\\u00b7s \\u2212 2p + d\\u00b7(k \\u2212 1) + a + 1 = ("+v.i+" \\u2212 1)\\u00b7"+v.s+" \\u2212 2\\u00b7"+v.p+" + "+v.d+"\\u00b7("+v.k+" \\u2212 1) + "+v.a+" + 1 = "+t[0]+" \\u2212 "+t[1]+" + "+t[2]+" + "+t[3]+" = "+o;
var c="A convolution with kernel "+v.k+", stride "+v.s+", padding "+v.p+" and dilation "+v.d+" maps "+o+" ";
c+=(b===v.i)?"back to "+v.i+".":"to "+b+", not "+v.i+": an output padding of "+v.a+", not smaller than the stride "+v.s+", makes a size the convolution cannot map back.";
var h;if(!n.length)h='<p class="tcv-cap">The convolution maps no input size to '+v.i+": without a large output padding, padding "+v.p+" removes everything.</p>";
else if(v.s===1)h='<p class="tcv-cap">With stride 1 only '+n[0][0]+" is mapped to "+v.i+": the output padding stays 0.</p>";
else{var rows="";for(x=0;x<n.length;x++)rows+="<tr><td"+(n[x][0]===o?' class="cur"':"")+">"+n[x][0]+"</td><td>"+n[x][1]+"</td></tr>";
h="<figure><figcaption>The "+n.length+" sizes this convolution maps to "+v.i+", and the output padding that gives each back</figcaption>"+'<table class="tcv-grid tcv-list"><tr><th>size</th><th>output_padding</th></tr>'+rows+"</table></figure>";}
return '<p class="tcv-eq">'+f+'</p><p class="tcv-cap">Output size: <b>'+o+"</b>. "+c+"</p>"+h;}
function inv(key){var R=D.v[key],io=key.split(","),rows="",x;
if(!R.length)return '<p class="tcv-cap">No kernel up to 7 and stride up to 4 maps '+io[0]+" to "+io[1]+".</p>";
for(x=0;x<R.length;x++){var w=R[x];rows+="<tr"+(w[4]?' class="even"':"")+"><td>"+w[0]+"</td><td>"+w[1]+"</td><td>"+w[2]+"</td><td>"+w[3]+"</td><td>"+(w[4]?"yes":"no")+"</td></tr>";}
return '<p class="tcv-cap">'+pl(R.length,"setting")+" with kernel \\u2264 7 and stride \\u2264 4 map"+(R.length===1?"s":"")+" "+io[0]+" to "+io[1]+'; framed bold rows have a kernel size divisible by the stride (even overlap, no checkerboard).</p><div class="tcv-list-box" tabindex="0" role="region" aria-label="Settings that give this size"><table class="tcv-grid tcv-list"><tr><th>kernel</th><th>stride</th><th>padding</th><th>output_padding</th><th>k divisible by s</th></tr>'+rows+"</table></div>";}
function show(){var m=q("mode").value;r.querySelector('[data-group="forward"]').hidden=(m!=="forward");r.querySelector('[data-group="inverse"]').hidden=(m!=="inverse");
if(m==="forward"){adapt();V.innerHTML=fwd(val());}else V.innerHTML=inv(q("pair").value);}
F.concat(["mode","pair"]).forEach(function(a){q(a).addEventListener("change",show);});
r.querySelector(".tcv-ctl").hidden=false;show();
})();</script>"""


def _compact_json(data):
    """JSON without spaces, safe inside a ``<script>`` element."""
    return json.dumps(data, separators=(",", ":"), sort_keys=True).replace("</", "<\\/")


def _explorer(label, controls, initial, data, script):
    """A self-contained explorer: controls (hidden until the script runs), a view, JSON, script."""
    payload = _compact_json(data)
    uid = "tcv-" + hashlib.sha1((label + controls + initial + payload).encode()).hexdigest()[:12]
    return (f'{render.STYLE}{render.EXPLORER_STYLE}<div class="tcv" id="{uid}" role="region" '
            f'aria-label="{html.escape(label)}"><div class="tcv-ctl" role="group" '
            f'aria-label="{html.escape(label)} controls" hidden>{controls}</div>'
            f'<div class="tcv-view" aria-live="polite">{initial}</div>'
            f'<script type="application/json">{payload}</script>'
            f"{script % {'shared': _SHARED_JS % {'id': uid}}}</div>")


def _range(act, label, values, value):
    return (f'<label>{html.escape(label)} <input type="range" data-act="{act}" min="{values[0]}" '
            f'max="{values[-1]}" value="{value}" step="1"></label>'
            f'<output data-out="{act}">{value}</output>')


def _select(act, label, options, value):
    opts = "".join(f'<option value="{v}"{" selected" if v == value else ""}>{html.escape(t)}'
                   "</option>" for v, t in options)
    return f'<label>{html.escape(label)} <select data-act="{act}">{opts}</select></label>'


def overlap_player(kernel=3, stride=2, layers=1):
    """The overlap explorer's static player: every kernel 1–6, stride 1–3 and 1–3 layers.

    Parameters
    ----------
    kernel, stride, layers : int, default 3, 2, 1
        The variant shown first; must lie in :data:`OVERLAP_GRID`.

    Returns
    -------
    str
        HTML with the data of all variants as JSON and a script that draws
        the chosen one exactly as :func:`transconv.render.overlap_html` does.

    Raises
    ------
    ValueError
        If the first variant is outside :data:`OVERLAP_GRID`.

    Examples
    --------
    >>> overlap_player().count('type="range"')
    3
    """
    chosen = {"kernel": kernel, "stride": stride, "layers": layers}
    for name, value in chosen.items():
        if value not in OVERLAP_GRID[name]:
            grid = OVERLAP_GRID[name]
            raise ValueError(f"{name} must be between {grid[0]} and {grid[-1]} for the static "
                             f"player, got {value!r}")
    data = {f"{k},{s},{n}": render.overlap_data(fr.overlap_frames(k, s, n)[0])
            for k in OVERLAP_GRID["kernel"] for s in OVERLAP_GRID["stride"]
            for n in OVERLAP_GRID["layers"]}
    controls = (_range("k", "Kernel size", OVERLAP_GRID["kernel"], kernel)
                + _range("s", "Stride", OVERLAP_GRID["stride"], stride)
                + _range("L", "Layers", OVERLAP_GRID["layers"], layers))
    initial = render.overlap_html(fr.overlap_frames(kernel, stride, layers)[0])
    return _explorer("Overlap explorer", controls, initial, data, _OVERLAP_JS)


def _size_table():
    """``"i,k,s,p,a,d" -> [terms, back, inputs]`` for every valid setting of :data:`SIZE_GRID`."""
    table = {}
    for combo in itertools.product(*SIZE_GRID.values()):
        try:
            frame = fr.size_frames(*combo)[0]
        except ValueError:  # output_padding too large or padding empties the output
            continue
        d = render.size_data(frame)
        table[",".join(map(str, combo))] = [d["t"], d["b"], d["n"]]
    return table


def size_player(size=7, kernel=4, stride=2, padding=1, output_padding=0, dilation=1,
                mode="forward", pair=(7, 14)):
    """The output-size explorer's static player: a forward grid and a few inverse tables.

    Parameters
    ----------
    size, kernel, stride, padding, output_padding, dilation : int
        The forward setting shown first; if it lies outside :data:`SIZE_GRID`
        the player starts at the grid's default ``(7, 4, 2, 1, 0, 1)``.
    mode : {"forward", "inverse"}, default "forward"
    pair : tuple of int, default (7, 14)
        The inverse table shown first; one of :data:`INVERSE_PAIRS` (else the first).

    Returns
    -------
    str

    Raises
    ------
    ValueError
        If ``mode`` is not one of the two names.

    Examples
    --------
    >>> "map 7 to 14" in size_player(mode="inverse")
    True
    """
    if mode not in ("forward", "inverse"):
        raise ValueError(f"mode must be 'forward' or 'inverse', got {mode!r}")
    table = _size_table()
    setting = (size, kernel, stride, padding, output_padding, dilation)
    if ",".join(map(str, setting)) not in table:
        setting = (7, 4, 2, 1, 0, 1)
    pair = tuple(pair) if tuple(pair) in INVERSE_PAIRS else INVERSE_PAIRS[0]
    inverse = {f"{i},{o}": render.inverse_data(fr.inverse_frames(i, o)[0])["r"]
               for i, o in INVERSE_PAIRS}
    labels = ("Input size", "Kernel", "Stride", "Padding", "Output padding", "Dilation")
    forward = "".join(_select(act, label, [(v, str(v)) for v in values], value)
                      for act, label, values, value in zip("ikspad", labels,
                                                           SIZE_GRID.values(), setting))
    pairs = _select("pair", "Input → wanted output",
                    [(f"{i},{o}", f"{i} → {o}") for i, o in INVERSE_PAIRS], f"{pair[0]},{pair[1]}")
    controls = (_select("mode", "Mode", [("forward", "Output size of given settings"),
                                          ("inverse", "Settings for a wanted output size")], mode)
                + f'<span data-group="forward"{" hidden" if mode != "forward" else ""}>{forward}</span>'
                + f'<span data-group="inverse"{" hidden" if mode != "inverse" else ""}>{pairs}</span>')
    initial = (render.size_html(fr.size_frames(*setting)[0]) if mode == "forward"
               else render.inverse_html(fr.inverse_frames(*pair)[0]))
    return _explorer("Output-size explorer", controls, initial, {"f": table, "v": inverse},
                     _SIZE_JS)
