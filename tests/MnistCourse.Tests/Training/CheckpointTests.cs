using MnistCourse.Data;
using MnistCourse.Models;
using MnistCourse.Tests.Support;
using MnistCourse.Training;
using static TorchSharp.torch;

namespace MnistCourse.Tests.Training;

public class CheckpointTests
{
    public CheckpointTests() => Torch.Init();

    static readonly TrainingOptions Options = new() { Epochs = 4, Seed = 21, Schedule = ScheduleKind.Step, StepSize = 1, Gamma = 0.5 };

    static Trainer NewTrainer(TrainingOptions? options = null, SimpleNetRecipe? recipe = null) => Trainer.ForSimpleNet(options ?? Options, CPU, recipe);

    // Time differs between runs, and a run stopped early recorded a smaller epoch count.
    static IEnumerable<EpochResult> WithoutTime(IEnumerable<EpochResult> results) => results.Select(r => r with { Seconds = 0, Epochs = 0 });

    [Fact]
    public void Restore_puts_the_saved_weights_into_a_differently_initialised_model()
    {
        // The source's torch.save(model.state_dict()) / load_state_dict, done by the course's own Checkpoint.
        using var data = SyntheticDigits.Load(trainCount: 600, testCount: 300);
        using var dir = new TempDirectory();
        var trainer = NewTrainer(Options with { Epochs = 1 });
        trainer.Listeners.Add(new CheckpointWriter(dir.Path));
        trainer.Fit(data);
        var trained = trainer.Evaluate(data.Validation);

        var fresh = NewTrainer(Options with { Seed = 7 });
        Assert.NotEqual(trained, fresh.Evaluate(data.Validation)); // other weights: restoring must change them
        Checkpoint.Restore(dir[Checkpoint.LastFile], fresh);

        Assert.Equal(trained, fresh.Evaluate(data.Validation));
        foreach (var (saved, restored) in trainer.Model.parameters().Zip(fresh.Model.parameters()))
            Assert.True(saved.equal(restored).all().item<bool>(), "a restored parameter differs from the saved one");
    }

    [Fact]
    public void A_restored_run_continues_exactly_like_an_uninterrupted_one()
    {
        using var data = SyntheticDigits.Load(trainCount: 600, testCount: 200);
        using var dir = new TempDirectory();

        var whole = NewTrainer().Fit(data).ToList();

        var first = NewTrainer(Options with { Epochs = 2 });   // a run stopped after 2 of 4 epochs
        first.Listeners.Add(new CheckpointWriter(dir.Path));
        first.Fit(data);

        var second = NewTrainer();
        var info = Checkpoint.Restore(dir[Checkpoint.LastFile], second);
        Assert.Equal(2, info.Epoch);
        Assert.Equal(0.0025, second.LearningRate, 12); // the step schedule was replayed: 0.01 -> 0.005 -> 0.0025
        second.Fit(data, firstEpoch: 3);

        Assert.Equal(WithoutTime(whole), WithoutTime(second.History));
        Assert.Equal(new[] { 0.01, 0.005, 0.0025, 0.00125 }, second.History.Select(r => Math.Round(r.LearningRate, 8)));
    }

    [Fact]
    public void The_best_checkpoint_holds_the_epoch_with_the_highest_validation_accuracy()
    {
        using var data = SyntheticDigits.Load(trainCount: 300, testCount: 100);
        using var dir = new TempDirectory();
        var trainer = NewTrainer();
        trainer.Listeners.Add(new CheckpointWriter(dir.Path));
        trainer.Fit(data);

        var best = Checkpoint.ReadInfo(dir[Checkpoint.BestFile]);
        var bestEpoch = trainer.History.First(r => r.ValAccuracy == trainer.History.Max(h => h.ValAccuracy));
        Assert.Equal(bestEpoch.Epoch, best.Epoch);
        Assert.Equal(4, Checkpoint.ReadInfo(dir[Checkpoint.LastFile]).Epoch);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void Missing_truncated_foreign_and_other_shape_checkpoints_fail_clearly()
    {
        using var data = SyntheticDigits.Load(trainCount: 128, testCount: 64);
        using var dir = new TempDirectory();
        var trainer = NewTrainer(Options with { Epochs = 1 });
        trainer.Listeners.Add(new CheckpointWriter(dir.Path));
        trainer.Fit(data);
        string last = dir[Checkpoint.LastFile];

        var missing = Assert.Throws<CheckpointException>(() => Checkpoint.ReadInfo(dir["nowhere/checkpoint-last.ckpt"]));
        Assert.Contains("no checkpoint there", missing.Message);

        var bytes = File.ReadAllBytes(last);
        File.WriteAllBytes(dir["cut.ckpt"], bytes[..(bytes.Length / 2)]);
        Assert.Contains("cut.ckpt: truncated checkpoint", Assert.Throws<CheckpointException>(() => Checkpoint.ReadInfo(dir["cut.ckpt"])).Message);

        File.WriteAllText(dir["notes.ckpt"], "hello");
        Assert.Contains("not an MnistCourse checkpoint", Assert.Throws<CheckpointException>(() => Checkpoint.ReadInfo(dir["notes.ckpt"])).Message);

        var wide = NewTrainer(recipe: new SimpleNetRecipe { Hidden = 32 });
        var shape = Assert.Throws<CheckpointException>(() => Checkpoint.Restore(last, wide));
        Assert.Equal(CheckpointProblem.OtherModel, shape.Reason);
        Assert.Contains("holds SimpleNet: Linear(784 → 128), ReLU, Linear(128 → 10), but the trainer's model is SimpleNet(784, 32, 10); build SimpleNet(784, 128, 10) to load it", shape.Message);
        Assert.DoesNotContain("--", shape.Message);
    }

    [Fact]
    public void A_crash_while_writing_keeps_the_previous_file()
    {
        using var dir = new TempDirectory();
        string path = dir["checkpoint-last.ckpt"];
        AtomicFile.WriteAllText(path, "previous");

        Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[1000]);
            throw new IOException("disk full");
        }));

        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(dir.Path));
    }
}
