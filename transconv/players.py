"""Static players for the HTML book: every frame rendered, stepped by inline JavaScript.

A player is one self-contained HTML string: the style, one ``div`` per
frame (all but the first ``hidden``), a labelled range input, Prev/Next and
Play/Pause buttons, and a dozen lines of vanilla JavaScript. It loads
nothing (no external script, style sheet or font) and needs no kernel, so it
works offline in the built book. The root ``id`` is a hash of the content, so
the same parameters always give byte-identical HTML (the recorded notebooks
are compared by nbval). The controls stay hidden until the script runs, so a
page without JavaScript shows the first frame and no dead controls.

- :func:`stepper_player`, :func:`scatter_player`,
  :func:`matrix_player`: the three widgets' players;
- :func:`player`: the generic player around pre-rendered frames.
"""

from __future__ import annotations

import hashlib
import html

from transconv import frames as fr
from transconv import render

__all__ = ["player", "stepper_player", "scatter_player", "matrix_player"]

_SCRIPT = """<script>(function(){
var s=document.currentScript,r=s&&s.parentNode;if(!r||!r.querySelector)r=document.getElementById("%(id)s");
var f=r.querySelectorAll(".tcv-frame"),n=f.length,i=0,t=null;
function q(a){return r.querySelector('[data-act="'+a+'"]');}
var g=q("step"),p=q("play"),o=r.querySelector(".tcv-pos"),c=q("counts");
function show(k){i=Math.max(0,Math.min(n-1,k));for(var j=0;j<n;j++)f[j].hidden=(j!==i);
g.value=i;o.textContent="Step "+(i+1)+" of "+n;g.setAttribute("aria-valuetext",o.textContent);}
function stop(){if(t){clearInterval(t);t=null;}p.textContent="\\u25B6 Play";p.setAttribute("aria-label","Play");p.setAttribute("aria-pressed","false");}
function play(){if(i>=n-1)show(0);t=setInterval(function(){if(i>=n-1)stop();else show(i+1);},%(ms)d);
p.textContent="\\u23F8 Pause";p.setAttribute("aria-label","Pause");p.setAttribute("aria-pressed","true");}
q("prev").addEventListener("click",function(){stop();show(i-1);});
q("next").addEventListener("click",function(){stop();show(i+1);});
p.addEventListener("click",function(){if(t)stop();else play();});
g.addEventListener("input",function(){stop();show(+g.value);});
if(c)c.addEventListener("change",function(){r.classList.toggle("show-cnt",c.checked);});
r.querySelector(".tcv-ctl").hidden=false;show(0);
})();</script>"""


def player(pages, label, counts_toggle=False, interval_ms=1000):
    """One self-contained HTML player around pre-rendered frames.

    Parameters
    ----------
    pages : list of str
        The rendered frames, in order (at least one).
    label : str
        Accessible name of the player (plain text; escaped).
    counts_toggle : bool, default False
        Add a "Show contributions per cell" checkbox (scatter-add frames).
    interval_ms : int, default 1000
        Delay between frames while playing.

    Returns
    -------
    str
        HTML with no external resource; its root id is ``"tcv-"`` plus the
        first 12 hex digits of the SHA-1 of the content.

    Raises
    ------
    ValueError
        If ``pages`` is empty.

    Examples
    --------
    >>> html_text = player(["<p>a</p>", "<p>b</p>"], "Demo")
    >>> html_text.count('class="tcv-frame"')
    2
    """
    if not pages:
        raise ValueError("pages must hold at least one rendered frame")
    body = "".join(
        f'<div class="tcv-frame"{" hidden" if k else ""}>{page}</div>' for k, page in enumerate(pages)
    )
    uid = "tcv-" + hashlib.sha1((label + body).encode()).hexdigest()[:12]
    toggle = ('<label><input type="checkbox" data-act="counts"> Show contributions per '
              "cell</label>" if counts_toggle else "")
    controls = (
        f'<div class="tcv-ctl" role="group" aria-label="{html.escape(label)} controls" hidden>'
        '<button type="button" data-act="prev" aria-label="Previous step">\u25C0 Previous</button>'
        '<button type="button" data-act="play" aria-label="Play" aria-pressed="false">'
        "\u25B6 Play</button>"
        '<button type="button" data-act="next" aria-label="Next step">Next \u25B6</button>'
        f'<label>Step <input type="range" data-act="step" min="0" max="{len(pages) - 1}" '
        'value="0" step="1"></label>'
        f'<span class="tcv-pos" aria-live="polite">Step 1 of {len(pages)}</span>{toggle}</div>'
    )
    script = _SCRIPT % {"id": uid, "ms": interval_ms}
    return (f'{render.STYLE}<div class="tcv" id="{uid}" role="region" '
            f'aria-label="{html.escape(label)}">{controls}{body}{script}</div>')


def stepper_player(X=None, K=None, stride=1, padding=0, dilation=1):
    """The convolution stepper's player (arguments as :func:`transconv.frames.stepper_frames`).

    Returns
    -------
    str

    Examples
    --------
    >>> "348" in stepper_player()
    True
    """
    frames = fr.stepper_frames(X, K, stride, padding, dilation)
    return player([render.stepper_html(f, len(frames)) for f in frames], "Convolution stepper")


def scatter_player(X=None, K=None, stride=1, padding=0, output_padding=0):
    """The scatter-add player (arguments as :func:`transconv.frames.scatter_add_frames`).

    Returns
    -------
    str
    """
    frames = fr.scatter_add_frames(X, K, stride, padding, output_padding)
    return player([render.scatter_html(f, len(frames)) for f in frames],
                  "Transposed convolution as a scatter-add", counts_toggle=True)


def matrix_player(X=None, K=None, stride=1, padding=0, dilation=1):
    """The matrix view's player: every output cell (rows of W), then every input cell (columns).

    Arguments as :func:`transconv.frames.matrix_frames` (without ``mode``).

    Returns
    -------
    str
    """
    pages = []
    for mode in ("conv", "transposed"):
        frames = fr.matrix_frames(X, K, stride, padding, dilation, mode)
        pages += [render.matrix_html(f, len(frames)) for f in frames]
    return player(pages, "Convolution as a matrix", interval_ms=1500)
