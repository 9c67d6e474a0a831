#!/usr/bin/python3
"""Golden cases for the ultralytics-classify recipe: Ultralytics' ClassificationPredictor with classify_transforms,
re-run with OpenCV, Pillow and the real torchvision (our own code following the authors' steps; nothing of theirs
is copied).

Sources (ultralytics/ultralytics):
- ultralytics/models/yolo/classify/predict.py (commit 014df308b6033114bae1bbbfb4de74c5fe8971ee)
  ClassificationPredictor.preprocess: each frame (cv2.imread, BGR) goes through
  Image.fromarray(cv2.cvtColor(im, cv2.COLOR_BGR2RGB)) and then self.transforms.
- ultralytics/engine/predictor.py setup_source: for task classify, self.transforms is the model's own transforms
  attribute (a PyTorch checkpoint) or classify_transforms(self.imgsz[0], ...) for an exported model.
- ultralytics/data/augment.py (commit 0005af52af705ebb03b6ed1a0be176d52d79241c) classify_transforms(size,
  mean=DEFAULT_MEAN (0,0,0), std=DEFAULT_STD (1,1,1), interpolation=BILINEAR, crop_fraction=1.0):
  scale_size = floor(size / crop_fraction) = size; T.Resize(scale_size, interpolation) (shorter side, PIL image),
  T.CenterCrop(size), T.ToTensor(), T.Normalize(mean, std).

Run from the repository root: /usr/bin/python3 pixelprep-io/src/test/resources/golden-recipes/generate_classify.py
"""
import json, math, os
import cv2, numpy as np, torch, torchvision
from PIL import Image
import torchvision.transforms as T

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = {"repo": "ultralytics/ultralytics", "path": "ultralytics/data/augment.py, ultralytics/models/yolo/classify/predict.py",
          "commit": "0005af52af705ebb03b6ed1a0be176d52d79241c (augment.py), 014df308b6033114bae1bbbfb4de74c5fe8971ee (predict.py)",
          "function": "classify_transforms, ClassificationPredictor.preprocess"}


def authors_path(bgr, size):
    crop_fraction = 1.0
    scale_size = math.floor(size / crop_fraction)
    tf = T.Compose([T.Resize(scale_size, interpolation=T.InterpolationMode.BILINEAR), T.CenterCrop(size), T.ToTensor(),
                    T.Normalize(mean=torch.tensor((0.0, 0.0, 0.0)), std=torch.tensor((1.0, 1.0, 1.0)))])
    x = tf(Image.fromarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)))
    return torch.stack([x], dim=0).float().numpy()


cases = []
for name, size in [("chelsea.png", 224), ("chelsea_16x9.png", 224), ("rocket_portrait.jpg", 224), ("astronaut.png", 224),
                   ("page_line.png", 160), ("camera_small.png", 224)]:
    bgr = cv2.imread(os.path.join(HERE, "inputs", name), cv2.IMREAD_COLOR)
    x = authors_path(bgr, size)
    cid = "cls_ul%d__%s" % (size, os.path.splitext(name)[0])
    np.save(os.path.join(HERE, "cases", cid + ".npy"), x)
    meta = {"id": cid, "recipe": "ultralytics-classify", "params": {"size": size, "crop_fraction": 1.0}, "source": SOURCE,
            "input": {"file": "inputs/" + name, "width": int(bgr.shape[1]), "height": int(bgr.shape[0])},
            "tensor": {"file": cid + ".npy", "dtype": "float32", "layout": "NCHW", "shape": list(x.shape), "channels": "RGB"},
            "peer": {"cv2": cv2.__version__, "numpy": np.__version__, "torch": torch.__version__, "torchvision": torchvision.__version__,
                     "PIL": Image.__version__}}
    with open(os.path.join(HERE, "cases", cid + ".json"), "w") as f:
        json.dump(meta, f, indent=1)
    cases.append(cid)
listing = os.path.join(HERE, "cases.txt")
lines = [l for l in open(listing).read().split("\n") if l and not l.startswith("cls_ul")]
open(listing, "w").write("\n".join(lines + cases) + "\n")
print("\n".join(cases))
