namespace ModelGen;

/// <summary>
/// Marks the model's forward method: a body over the model's <see cref="Layer"/> properties, its
/// input property and the functions of <see cref="Ops"/>, compiled from its syntax at build time
/// and never executed as C#. It returns the tensor the loss property applies to. Anything outside
/// that vocabulary is a build error at the expression (MG0016).
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ForwardAttribute : Attribute { }

/// <summary>
/// A layer of a graph-form model, used in the <see cref="ForwardAttribute"/> method as a function:
/// <c>var h = Hidden(x);</c>. ModelGen compiles those calls; invoking the delegate at run time throws.
/// </summary>
public delegate Tensor Layer(Tensor input);

/// <summary>
/// Marks the model's loss method, in place of a loss property: <c>[Loss] Tensor Loss(Tensor output,
/// Tensor target) => CrossEntropy(Softmax(output), target);</c>. Its body is one loss function of
/// <see cref="Ops"/> applied to the output (or to its Softmax/Sigmoid) and the target; like a forward
/// method it is compiled, never run, and unstable forms are compiled in their logits form (MG0017).
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class LossAttribute : Attribute { }
