"""The benchmark's peer: a tuned PyTorch training loop for the course's SimpleNet, one epoch per request.

Tuned the way a PyTorch user would tune it: the whole split preloaded as two tensors (no per-sample
collation), loss and correct counts summed on the tensor side with one .item() per epoch, gradients set to
None rather than zeroed, one torch thread. The model, optimiser, batch size and normalisation are the course's.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 pytorch_epoch.py DATA_DIR MEAN STD SEED

It reads the same IDX files as the course (gzip or raw), prints one `ready ...` line saying which BLAS library
libtorch actually loaded, then answers each stdin line `epoch K` with `K SECONDS CPU_SECONDS LOSS ACCURACY` (the
training epoch alone, timed inside this process: wall clock and this process's CPU time), and each `floor K` with
`K SECONDS CPU_SECONDS` (the same matrix products as the course's compute floor, in this torch's BLAS), until stdin
closes. The benchmark drives it so that its epochs alternate with the course's and both see the same machine load.
"""
import gzip
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    """An IDX file of unsigned bytes as a uint8 tensor of its dimensions."""
    opener = gzip.open if open(path, "rb").read(2) == b"\x1f\x8b" else open
    with opener(path, "rb") as f:
        data = f.read()
    if data[0] != 0 or data[1] != 0 or data[2] != 8:
        sys.exit(f"{path}: not an IDX file of unsigned bytes")
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(rank)]
    return torch.frombuffer(bytearray(data[4 + 4 * rank:]), dtype=torch.uint8).reshape(dims)


def find(directory, name):
    for candidate in (name, name[:-3]):
        path = os.path.join(directory, candidate)
        if os.path.exists(path):
            return path
    sys.exit(f"{os.path.join(directory, name)}: file not found")


def loaded_blas():
    """The BLAS shared objects mapped into this process: the truth, whatever torch's build info says."""
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    return ",".join(sorted(os.path.realpath(p) for p in paths)) or "none (libtorch's own kernels)"


class SimpleNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))


class Floor:
    """The course benchmark's compute floor (ComputeFloor.cs) in this torch and its BLAS: the epoch's matrix products
    alone, into preallocated outputs. Per training batch: fc1 and fc2 forward, fc2's input gradient, both weight
    gradients; per validation batch, the two forward products. Answers `floor K` with `K SECONDS CPU_SECONDS`."""

    def __init__(self, train_count, validation_count, batch=64, inputs=784, hidden=128, classes=10):
        self.w1t = torch.randn(hidden, inputs).t()
        self.w2 = torch.randn(classes, hidden)
        self.grad_w1, self.grad_w2 = torch.empty(hidden, inputs), torch.empty(classes, hidden)

        def batches(count):
            sizes = [(batch, count // batch)] + ([(count % batch, 1)] if count % batch else [])
            return [(dict(x=torch.randn(rows, inputs), hidden=torch.empty(rows, hidden), out=torch.empty(rows, classes),
                          grad_out=torch.randn(rows, classes), grad_hidden=torch.empty(rows, hidden)), times)
                    for rows, times in sizes]
        self.train, self.validation = batches(train_count), batches(validation_count)

    def epoch(self):
        w1t, w2, w2t = self.w1t, self.w2, self.w2.t()
        for b, times in self.train:
            for _ in range(times):
                torch.mm(b["x"], w1t, out=b["hidden"])
                torch.mm(b["hidden"], w2t, out=b["out"])
                torch.mm(b["grad_out"], w2, out=b["grad_hidden"])
                torch.mm(b["grad_out"].t(), b["hidden"], out=self.grad_w2)
                torch.mm(b["grad_hidden"].t(), b["x"], out=self.grad_w1)
        for b, times in self.validation:
            for _ in range(times):
                torch.mm(b["x"], w1t, out=b["hidden"])
                torch.mm(b["hidden"], w2t, out=b["out"])


def main():
    directory, mean, std, seed = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    images = read_idx(find(directory, "train-images-idx3-ubyte.gz"))
    labels = read_idx(find(directory, "train-labels-idx1-ubyte.gz")).long()
    x = images.reshape(images.shape[0], -1).float().div_(255).sub_(mean).div_(std)
    del images
    n = x.shape[0]

    torch.manual_seed(seed)
    model = SimpleNet()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    model(x[:64]).sum().backward()  # loads the BLAS library before we look for it
    optimizer.zero_grad(set_to_none=True)
    print(f"ready torch={torch.__version__} threads={torch.get_num_threads()} blas={loaded_blas()} "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}", flush=True)

    floor = Floor(n, read_idx(find(directory, "t10k-labels-idx1-ubyte.gz")).shape[0])
    for line in sys.stdin:
        if line.startswith("floor"):
            start, start_cpu = time.perf_counter(), time.process_time()
            floor.epoch()
            print(f"{line.split()[1]} {time.perf_counter() - start:.4f} {time.process_time() - start_cpu:.4f}", flush=True)
            continue
        epoch = int(line.split()[1])
        start, start_cpu = time.perf_counter(), time.process_time()
        model.train()
        order = torch.randperm(n, generator=torch.Generator().manual_seed(seed * 1_000_003 + epoch))
        total_loss = torch.zeros(())
        correct = torch.zeros((), dtype=torch.long)
        for s in range(0, n, 64):
            rows = order[s:s + 64]
            inputs, targets = x[rows], labels[rows]
            outputs = model(inputs)
            loss = F.cross_entropy(outputs, targets)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            with torch.no_grad():
                total_loss += loss * rows.shape[0]
                correct += (outputs.argmax(1) == targets).sum()
        loss_value, correct_value = total_loss.item() / n, 100.0 * correct.item() / n
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - start_cpu
        print(f"{epoch} {seconds:.4f} {cpu_seconds:.4f} {loss_value:.4f} {correct_value:.2f}", flush=True)


if __name__ == "__main__":
    main()
