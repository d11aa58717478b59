namespace ModelGen;

/// <summary>
/// Marks the model's forward method: a body over the model's <see cref="Layer"/> properties, its
/// input property and the functions of <see cref="Ops"/>, compiled from its syntax at build time
/// and never executed as C#. It returns the tensor the loss property applies to. Anything outside
/// that vocabulary is a build error at the expression (MG0015).
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ForwardAttribute : Attribute { }

/// <summary>
/// A layer of a graph-form model, used in the <see cref="ForwardAttribute"/> method as a function:
/// <c>var h = Hidden(x);</c>. ModelGen compiles those calls; invoking the delegate at run time throws.
/// </summary>
public delegate Tensor Layer(Tensor input);
