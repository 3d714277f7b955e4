/**
 * Where every module's tests find the data and tools that live outside the repository: {@link
 * dev.panamaedge.testsupport.SharedData} ({@code ../shared} beside the repository root), {@link
 * dev.panamaedge.testsupport.SharedPhotos} (its photos), {@link dev.panamaedge.testsupport.PhotoClasses} (the
 * ImageNet classes they show), {@link dev.panamaedge.testsupport.CoralModel} (the
 * Coral MobileNetV2 files and labels) and {@link dev.panamaedge.testsupport.ProjectVenv} (the project venv's
 * OpenVINO libraries and tools). {@link dev.panamaedge.testsupport.MissingData} holds the one rule for an
 * absent piece: skip with the reason outside CI, fail under CI.
 *
 * <p>Modules depend on this in test scope only. It depends on no other module of the project and finds
 * paths (and names what the photos show) only; fixtures built from them (a converted IR, a quantized model)
 * stay beside their tests.
 */
package dev.panamaedge.testsupport;
