using System.Collections.Generic;

namespace ModelGen.Generator.EmitPtx;

/// <summary>
/// The fused optimizer pass over the whole parameter arena, one thread per parameter, with the CPU
/// kernels' update rules (src/ModelGen/Kernels/Optimizers) and rounding order. All take the same
/// parameters: the arenas, the state (slot k at state + k·count), the count and seven float
/// hyper-parameters h0..h6 whose meaning each kernel documents (unused ones are ignored); the
/// runtime computes them once per step, like the CPU path.
/// </summary>
internal static class OptimizerKernels
{
    public const int BlockSize = 256;
    public const int HyperParameters = 7;

    public static readonly IReadOnlyList<string> ParameterList = BuildParameters();

    public static IEnumerable<(string Name, string Summary, string Text)> EmitAll()
    {
        yield return Emit("modelgen_sgd", "SGD: h0 = lr, h1 = weight decay; p -= lr·(g + wd·p).", Sgd);
        yield return Emit("modelgen_momentum", "Momentum: h0 = lr, h1 = μ, h2 = wd; v = μv + g'; p -= lr·v.", (w, c) => Momentum(w, c, nesterov: false));
        yield return Emit("modelgen_nesterov", "Nesterov: h0 = lr, h1 = μ, h2 = wd; v = μv + g'; p -= lr·(g' + μv).", (w, c) => Momentum(w, c, nesterov: true));
        yield return Emit("modelgen_adam", "Adam/AdamW: h0 = decay factor, h1 = L2, h2 = β1, h3 = β2, h4 = step size, h5 = 1/√(1-β2^t), h6 = ε.", Adam);
        yield return Emit("modelgen_adaptive", "AdaGrad/RMSprop: h0 = lr, h1 = decay, h2 = scale, h3 = ε; s = decay·s + scale·g²; p -= lr·g/(√s + ε).", Adaptive);
    }

    private static IReadOnlyList<string> BuildParameters()
    {
        var list = new List<string> { ".param .u64 p_parameters", ".param .u64 p_gradients", ".param .u64 p_state", ".param .u32 p_count" };
        for (int i = 0; i < HyperParameters; i++) list.Add($".param .f32 p_h{i}");
        return list;
    }

    /// <summary>What every update needs: addresses of p, g and the state slots for this thread's element.</summary>
    private sealed class Element
    {
        public string Parameter = "", Gradient = "", Count = "", Index = "", State = "";
        public string StateSlot(PtxWriter w, int slot)
        {
            if (slot == 0) return ModelKernelFrame.Element(w, State, Index);
            string shifted = w.R();
            w.Op($"mad.lo.s32 {shifted}, {Count}, {slot}, {Index}");
            return ModelKernelFrame.Element(w, State, shifted);
        }
    }

    private static (string, string, string) Emit(string name, string summary, System.Action<PtxWriter, Element> body)
    {
        var w = new PtxWriter();
        var element = new Element { Count = w.R() };
        w.Op($"ld.param.u32 {element.Count}, [p_count]");
        element.Index = ModelKernelFrame.GlobalThreadIndex(w);
        ElementwiseKernels.ExitWhenAtLeast(w, element.Index, element.Count);
        element.Parameter = ModelKernelFrame.Element(w, Global(w, "p_parameters"), element.Index);
        element.Gradient = ModelKernelFrame.Element(w, Global(w, "p_gradients"), element.Index);
        element.State = Global(w, "p_state");
        body(w, element);
        w.Op("ret");
        return (name, summary, w.Finish(name, ParameterList, summary));
    }

    private static string Global(PtxWriter w, string parameter)
    {
        string raw = w.Rd(), address = w.Rd();
        w.Op($"ld.param.u64 {raw}, [{parameter}]");
        w.Op($"cvta.to.global.u64 {address}, {raw}");
        return address;
    }

    private static string Hyper(PtxWriter w, int index)
    {
        string value = w.F();
        w.Op($"ld.param.f32 {value}, [p_h{index}]");
        return value;
    }

    private static (string P, string G) Load(PtxWriter w, Element e)
    {
        string p = w.F(), g = w.F();
        w.Op($"ld.global.f32 {p}, [{e.Parameter}]");
        w.Op($"ld.global.f32 {g}, [{e.Gradient}]");
        return (p, g);
    }

    private static string Negated(PtxWriter w, string value)
    {
        string result = w.F();
        w.Op($"neg.f32 {result}, {value}");
        return result;
    }

    private static void Sgd(PtxWriter w, Element e)
    {
        string negativeRate = Negated(w, Hyper(w, 0)), decay = Hyper(w, 1);
        var (p, g) = Load(w, e);
        w.Op($"fma.rn.f32 {g}, {decay}, {p}, {g}");
        w.Op($"fma.rn.f32 {p}, {negativeRate}, {g}, {p}");
        w.Op($"st.global.f32 [{e.Parameter}], {p}");
    }

    private static void Momentum(PtxWriter w, Element e, bool nesterov)
    {
        string negativeRate = Negated(w, Hyper(w, 0)), momentum = Hyper(w, 1), decay = Hyper(w, 2);
        var (p, g) = Load(w, e);
        string velocityAddress = e.StateSlot(w, 0), v = w.F();
        w.Op($"fma.rn.f32 {g}, {decay}, {p}, {g}");
        w.Op($"ld.global.f32 {v}, [{velocityAddress}]");
        w.Op($"fma.rn.f32 {v}, {momentum}, {v}, {g}");
        w.Op($"st.global.f32 [{velocityAddress}], {v}");
        string direction = v;
        if (nesterov)
        {
            direction = w.F();
            w.Op($"fma.rn.f32 {direction}, {momentum}, {v}, {g}");
        }
        w.Op($"fma.rn.f32 {p}, {negativeRate}, {direction}, {p}");
        w.Op($"st.global.f32 [{e.Parameter}], {p}");
    }

    private static void Adam(PtxWriter w, Element e)
    {
        string decayFactor = Hyper(w, 0), l2 = Hyper(w, 1), beta1 = Hyper(w, 2), beta2 = Hyper(w, 3);
        string negativeStep = Negated(w, Hyper(w, 4)), inverseCorrection = Hyper(w, 5), epsilon = Hyper(w, 6);
        string weight1 = w.F(), weight2 = w.F();
        w.Op($"sub.rn.f32 {weight1}, {PtxWriter.Float(1.0)}, {beta1}");
        w.Op($"sub.rn.f32 {weight2}, {PtxWriter.Float(1.0)}, {beta2}");
        var (p, g) = Load(w, e);
        w.Op($"fma.rn.f32 {g}, {l2}, {p}, {g}");
        string firstAddress = e.StateSlot(w, 0), secondAddress = e.StateSlot(w, 1);
        string m = w.F(), v = w.F(), weighted = w.F(), square = w.F();
        w.Op($"ld.global.f32 {m}, [{firstAddress}]");
        w.Op($"ld.global.f32 {v}, [{secondAddress}]");
        w.Op($"mul.rn.f32 {weighted}, {weight1}, {g}");
        w.Op($"fma.rn.f32 {m}, {beta1}, {m}, {weighted}");
        w.Op($"mul.rn.f32 {square}, {g}, {g}");
        w.Op($"mul.rn.f32 {square}, {weight2}, {square}");
        w.Op($"fma.rn.f32 {v}, {beta2}, {v}, {square}");
        w.Op($"st.global.f32 [{firstAddress}], {m}");
        w.Op($"st.global.f32 [{secondAddress}], {v}");
        string root = w.F(), denominator = w.F(), ratio = w.F(), decayed = w.F();
        w.Op($"sqrt.rn.f32 {root}, {v}");
        w.Op($"fma.rn.f32 {denominator}, {root}, {inverseCorrection}, {epsilon}");
        w.Op($"div.rn.f32 {ratio}, {m}, {denominator}");
        w.Op($"mul.rn.f32 {decayed}, {p}, {decayFactor}");
        w.Op($"fma.rn.f32 {p}, {negativeStep}, {ratio}, {decayed}");
        w.Op($"st.global.f32 [{e.Parameter}], {p}");
    }

    private static void Adaptive(PtxWriter w, Element e)
    {
        string negativeRate = Negated(w, Hyper(w, 0)), decay = Hyper(w, 1), scale = Hyper(w, 2), epsilon = Hyper(w, 3);
        var (p, g) = Load(w, e);
        string address = e.StateSlot(w, 0), s = w.F(), square = w.F();
        w.Op($"ld.global.f32 {s}, [{address}]");
        w.Op($"mul.rn.f32 {square}, {g}, {g}");
        w.Op($"mul.rn.f32 {square}, {scale}, {square}");
        w.Op($"fma.rn.f32 {s}, {decay}, {s}, {square}");
        w.Op($"st.global.f32 [{address}], {s}");
        string root = w.F(), step = w.F();
        w.Op($"sqrt.rn.f32 {root}, {s}");
        w.Op($"add.rn.f32 {root}, {root}, {epsilon}");
        w.Op($"div.rn.f32 {step}, {g}, {root}");
        w.Op($"fma.rn.f32 {p}, {negativeRate}, {step}, {p}");
        w.Op($"st.global.f32 [{e.Parameter}], {p}");
    }
}
