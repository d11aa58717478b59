using ModelGen.SaveLoop;

// Usage: ModelGen.SaveLoop PATH. Save number k sets every parameter to k, then prints "saved k" once
// the save has returned, so the test knows which version the file holds at least.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: ModelGen.SaveLoop PATH");
    return 2;
}
var net = new SaveLoopNet(seed: 0);
for (int k = 1; ; k++)
{
    net.Engine.ParameterValues.Fill(k);
    net.SaveWeights(args[0]);
    Console.Out.WriteLine($"saved {k}");
    Console.Out.Flush();
}
